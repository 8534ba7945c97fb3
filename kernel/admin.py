from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kernel.models import OutboxTask
from kernel.outbox import outbox_flush


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    """Tasks waiting for the broker; Celery beat sends them every minute once Redis is back."""

    list_display = ("task", "created_at")
    list_filter = ("task",)
    readonly_fields = ("task", "kwargs", "created_at")
    actions = ["send_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Send every waiting task now"))
    def send_now(self, request: HttpRequest, queryset: QuerySet[OutboxTask]) -> Any:
        sent = outbox_flush()
        left = OutboxTask.objects.count()
        level = messages.SUCCESS if not left else messages.WARNING
        self.message_user(request, _("%(sent)d sent, %(left)d still waiting.") % {"sent": sent, "left": left}, level)
