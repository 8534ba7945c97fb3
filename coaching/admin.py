"""Staff views of coaching data; the re-run action calls the same service as the worker path.
Roadmaps and conversations are read-only: staff look at them for support cases."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from coaching.models import Conversation, Resume, Roadmap
from coaching.services import resume_remove, resumes_reanalyze, resumes_remove


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Resume)
class ResumeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "user", "format", "size", "analysis_status", "uploaded_at", "analyzed_at")
    list_filter = ("analysis_status", "format")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("file", "filename", "format", "size", "text", "analysis", "skills", "analyzed_at")
    actions = ["reanalyze"]

    def delete_model(self, request: HttpRequest, obj: Resume) -> None:
        resume_remove(resume=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Resume]) -> None:
        resumes_remove(resumes=queryset)

    @admin.action(description=_("Re-run the analysis"))
    def reanalyze(self, request: HttpRequest, queryset: QuerySet[Resume]) -> None:
        count = resumes_reanalyze(resumes=queryset)
        self.message_user(request, _("%(count)d analysis(es) queued again.") % {"count": count}, messages.SUCCESS)


@admin.register(Roadmap)
class RoadmapAdmin(ReadOnlyAdmin):
    list_display = ("goal", "user", "weeks", "provider", "created_at")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    date_hierarchy = "created_at"


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "user", "updated_at")
    search_fields = ("user__email",)
    list_select_related = ("user",)
