"""Staff screens for the question bank: filters, bulk (de)activation, CSV/JSON
export and import, all through the same services and selectors as the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_mongodb_backend.forms import SimpleArrayField

from questions import coding, selectors, services, transfer
from questions.models import Question, Track

TAG_FILTER_SIZE = 25
IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_ERRORS_SHOWN = 20
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


class TagFilter(admin.SimpleListFilter):
    title = _("tag")
    parameter_name = "tag"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(tag, f"{tag} ({count})") for tag, count in selectors.question_tags_top(limit=TAG_FILTER_SIZE)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Question]) -> QuerySet[Question]:
        return queryset.filter(tags__contains=[self.value()]) if self.value() else queryset


class LinesArrayField(SimpleArrayField):
    """One item per line (key points contain commas) in a text area; blank lines are ignored."""

    def __init__(self, base_field: forms.Field, *, max_length: int, help_text: Any) -> None:
        super().__init__(
            base_field,
            delimiter="\n",
            max_length=max_length,
            required=False,
            widget=forms.Textarea(attrs={"rows": 6}),
            help_text=help_text,
        )

    def to_python(self, value: Any) -> list[Any]:
        if isinstance(value, str):
            value = [line for line in value.splitlines() if line.strip()]
        return super().to_python(value)


class QuestionAdminForm(forms.ModelForm):
    key_points = LinesArrayField(forms.CharField(max_length=300), max_length=20, help_text=_("One per line."))

    class Meta:
        model = Question
        fields = transfer.CONTENT_FIELDS
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"coding": _("Coding questions only; saving runs the reference solutions against every test.")}

    def clean(self) -> dict[str, Any]:
        """A coding question is saved only once its reference solutions pass every test in the sandbox."""
        cleaned: dict[str, Any] = super().clean() or {}
        spec = cleaned.get("coding")
        # A malformed spec is left to the model's validation, which names what is wrong.
        coding_type = cleaned.get("type") == Question.Type.CODING
        if coding_type and isinstance(spec, dict) and spec and not coding.spec_errors(spec) and not self.errors:
            for problem in services.question_reference_problems(spec=spec):
                self.add_error("coding", problem)
        return cleaned


class QuestionImportForm(forms.Form):
    file = forms.FileField(help_text=_("A .csv or .json file, as the export produces; at most 5 MB."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower().lstrip(".") not in transfer.FORMATS:
            raise forms.ValidationError(_("Upload a .csv or .json file."))
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    @property
    def format(self) -> transfer.Format:
        suffix = Path(self.cleaned_data["file"].name).suffix.lower().lstrip(".")
        return "json" if suffix == "json" else "csv"


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    change_list_template = "admin/questions/question/change_list.html"
    list_display = (
        "short_text",
        "type",
        "level",
        "difficulty",
        "language",
        "is_active",
        "is_ai_generated",
        "review_status",
        "usage_count",
        "average_score",
    )
    list_filter = (
        "review_status",
        "type",
        "level",
        "difficulty",
        "language",
        "is_active",
        "is_ai_generated",
        "is_follow_up",
        TagFilter,
    )
    search_fields = ("text", "slug")
    ordering = ("-created_at",)
    prepopulated_fields = {"slug": ("text",)}
    statistics_fields = (
        "is_ai_generated",
        "is_follow_up",
        "usage_count",
        "score_count",
        "average_score",
        "created_at",
        "updated_at",
    )
    readonly_fields = (*statistics_fields, "review_status", "source_job")
    fieldsets = (
        (None, {"fields": ("text", "slug", "type", "level", "difficulty", "language", "tags", "is_active")}),
        (_("Review"), {"fields": ("review_status", "source_job")}),
        (_("Answer guide"), {"fields": ("key_points", "sample_answer", "expected_duration_seconds")}),
        (_("Coding"), {"fields": ("coding",)}),
        (_("Origin and statistics"), {"fields": statistics_fields}),
    )
    actions = ("approve", "reject", "activate", "deactivate", "check_references", "export_csv", "export_json")

    @admin.display(description=_("source job text"))
    def source_job(self, question: Question) -> str:
        """The job a proposed question was written for, to judge it against."""
        return format_html(
            "<div style='white-space: pre-wrap; max-width: 60em'>{}</div>", question.source_job_text or "—"
        )

    @admin.action(description=_("Approve selected proposals (add them to the bank)"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        count = services.questions_review(question_ids=list(queryset.values_list("pk", flat=True)), approve=True)
        self.message_user(request, _("%(count)d proposal(s) approved.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Reject selected proposals"))
    def reject(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        count = services.questions_review(question_ids=list(queryset.values_list("pk", flat=True)), approve=False)
        self.message_user(request, _("%(count)d proposal(s) rejected.") % {"count": count}, messages.SUCCESS)

    @admin.display(description=_("text"), ordering="text")
    def short_text(self, question: Question) -> str:
        return Truncator(question.text).chars(90)

    @admin.action(description=_("Activate selected questions"))
    def activate(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        self._set_active(request, queryset, active=True)

    @admin.action(description=_("Deactivate selected questions"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        self._set_active(request, queryset, active=False)

    def _set_active(self, request: HttpRequest, queryset: QuerySet[Question], *, active: bool) -> None:
        count = services.questions_set_active(question_ids=list(queryset.values_list("pk", flat=True)), active=active)
        message = _("%(count)d question(s) activated.") if active else _("%(count)d question(s) deactivated.")
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Run the reference solutions against the tests"))
    def check_references(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        for question in queryset.filter(type=Question.Type.CODING):
            if not question.coding:
                continue
            problems = services.question_reference_problems(spec=question.coding)
            for problem in problems:
                self.message_user(request, f"{question.slug}: {problem}", messages.ERROR)
            if not problems:
                self.message_user(request, _("%(slug)s: every reference passes.") % {"slug": question.slug})

    @admin.action(description=_("Export selected as CSV"))
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Question]) -> HttpResponse:
        return self._export(queryset, fmt="csv")

    @admin.action(description=_("Export selected as JSON"))
    def export_json(self, request: HttpRequest, queryset: QuerySet[Question]) -> HttpResponse:
        return self._export(queryset, fmt="json")

    def _export(self, queryset: QuerySet[Question], *, fmt: transfer.Format) -> HttpResponse:
        response = HttpResponse(selectors.questions_export(queryset=queryset, fmt=fmt), content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="questions-{timezone.now():%Y%m%d-%H%M%S}.{fmt}"'
        return response

    def get_urls(self) -> list[URLPattern]:
        import_url = path("import/", self.admin_site.admin_view(self.import_view), name="questions_question_import")
        return [import_url, *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = QuestionImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                rows = transfer.rows_load(content=form.cleaned_data["file"].read(), fmt=form.format)
            except transfer.FileFormatError as exc:
                form.add_error("file", str(exc))
            else:
                self._report_import(request, services.questions_import(rows=rows))
                return HttpResponseRedirect(reverse("admin:questions_question_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": _("Import questions"),
        }
        return TemplateResponse(request, "admin/questions/question/import.html", context)

    def _report_import(self, request: HttpRequest, result: services.ImportResult) -> None:
        summary = _(
            "Import finished: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(errors)d with errors."
        )
        counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        level = messages.WARNING if result.errors else messages.SUCCESS
        self.message_user(request, summary % {**counts, "errors": len(result.errors)}, level)
        for error in result.errors[:IMPORT_ERRORS_SHOWN]:
            self.message_user(request, str(error), messages.ERROR)


class TrackAdminForm(forms.ModelForm):
    question_ids = LinesArrayField(
        forms.CharField(max_length=24),
        max_length=30,
        help_text=_("Question ids, one per line, in the order they are asked. Leave empty to pick by tags."),
    )

    class Meta:
        model = Track
        fields = (
            "name",
            "slug",
            "description",
            "target_role",
            "type",
            "level",
            "language",
            "question_ids",
            "tags",
            "question_count",
            "is_active",
            "sort_order",
        )

    def clean_question_ids(self) -> list[str]:
        ids = [value.strip() for value in self.cleaned_data["question_ids"] if value.strip()]
        found = {str(question.pk) for question in selectors.questions_by_ids(question_ids=ids)}
        missing = [value for value in ids if value not in found]
        if missing:
            raise forms.ValidationError(_("No active bank question with id: %(ids)s") % {"ids": ", ".join(missing)})
        return ids


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    form = TrackAdminForm
    list_display = ("name", "target_role", "type", "level", "language", "question_count", "is_active", "sort_order")
    list_filter = ("is_active", "language", "type", "level")
    list_editable = ("is_active", "sort_order")
    search_fields = ("name", "target_role")
    prepopulated_fields = {"slug": ("name",)}
