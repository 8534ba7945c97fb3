"""Read-only staff view of AI usage and cost."""

from django.contrib import admin
from django.http import HttpRequest

from analytics.models import AICall


@admin.register(AICall)
class AICallAdmin(admin.ModelAdmin):
    list_display = ("created_at", "operation", "provider", "model", "prompt_tokens", "completion_tokens", "cost_usd",
                    "latency_ms", "cached", "ok")  # fmt: skip
    list_filter = ("provider", "operation", "model", "cached", "ok")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AICall | None = None) -> bool:
        return False
