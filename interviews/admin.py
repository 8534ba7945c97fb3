"""Staff views of interviews and answers; actions call the same services as the API."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.admin_lists import GrowingCollectionAdmin, recent_window_filter
from interviews import selectors
from interviews.models import Answer, Interview
from interviews.services import answers_reevaluate, interview_delete
from questions.admin import QuestionAdmin
from questions.models import Question


class ScoreBandFilter(admin.SimpleListFilter):
    title = _("overall score")
    parameter_name = "score"
    BANDS = {"low": (0, 50), "mid": (50, 75), "high": (75, 101)}

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("low", _("below 50")), ("mid", _("50 to 74")), ("high", _("75 and above")), ("none", _("no score"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Interview]) -> QuerySet[Interview]:
        band = self.value()
        if band == "none":
            return queryset.filter(overall_score__isnull=True)
        if band in self.BANDS:
            low, high = self.BANDS[band]
            return queryset.filter(overall_score__gte=low, overall_score__lt=high)
        return queryset


@admin.register(Interview)
class InterviewAdmin(GrowingCollectionAdmin):
    list_display = ("__str__", "user", "status", "type", "level", "overall_score", "started_at")
    # A period filter, not date_hierarchy (which groups every interview by date on each page view);
    # it opens on the last 30 days, so a page's query and count follow recent activity, not history.
    list_filter = (recent_window_filter("started_at"), "status", "type", "level", ScoreBandFilter)
    search_fields = ("user__email",)
    list_related = ("user",)
    list_deferred = ("questions", "result", "requirements", "job_description")
    raw_id_fields = ("user",)
    readonly_fields = ("started_at", "completed_at", "overall_score", "result", "follow_up_added")

    def delete_model(self, request: HttpRequest, obj: Interview) -> None:
        interview_delete(interview=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Interview]) -> None:
        for interview in queryset:
            interview_delete(interview=interview)


@admin.register(Answer)
class AnswerAdmin(GrowingCollectionAdmin):
    list_display = ("__str__", "user", "question", "evaluation_status", "score", "attempts", "created_at")
    list_filter = (recent_window_filter("created_at"), "evaluation_status")
    search_fields = ("user__email",)
    list_related = ("user", "question")
    list_deferred = ("text", "transcript", "code", "code_result", "speech_metrics", "evaluation", "previous_attempts")
    raw_id_fields = ("interview", "user", "question")
    readonly_fields = ("audio", "evaluation", "speech_metrics", "evaluated_at", "evaluation_started_at", "attempts")
    actions = ["reevaluate"]

    @admin.action(description=_("Re-run failed evaluations"))
    def reevaluate(self, request: HttpRequest, queryset: QuerySet[Answer]) -> Any:
        count = answers_reevaluate(answers=queryset)
        self.message_user(request, _("%(count)d evaluation(s) queued again.") % {"count": count}, messages.SUCCESS)


class QuestionWithAnswersAdmin(QuestionAdmin):
    """The question bank's admin with the question's latest answers: answers belong to interviews,
    which sits above questions, so interviews extends the questions admin rather than the reverse."""

    readonly_fields = (*QuestionAdmin.readonly_fields, "recent_answers")  # type: ignore[assignment]
    fieldsets = (*QuestionAdmin.fieldsets, (_("Recent answers"), {"fields": ("recent_answers",)}))  # type: ignore[assignment]

    @admin.display(description=_("recent answers"))
    def recent_answers(self, question: Question) -> str:
        answers = list(selectors.answers_recent_for_question(question_id=question.pk)) if question.pk else []
        if not answers:
            return str(_("No answers yet."))
        rows = format_html_join(
            "",
            '<tr><td>{}</td><td>{}</td><td>{}</td><td><a href="{}">{}</a></td></tr>',
            (
                (
                    answer.created_at.strftime("%Y-%m-%d %H:%M"),
                    answer.user.email,
                    answer.get_evaluation_status_display(),
                    reverse("admin:interviews_answer_change", args=[answer.pk]),
                    "—" if answer.score is None else f"{answer.score:.0f}",
                )
                for answer in answers
            ),
        )
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            _("when"),
            _("user"),
            _("evaluation"),
            _("score"),
            rows,
        )


admin.site.unregister(Question)
admin.site.register(Question, QuestionWithAnswersAdmin)
