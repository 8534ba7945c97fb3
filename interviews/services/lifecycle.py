"""Starting, completing, closing and deleting interviews."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from billing.selectors import entitlements_for
from billing.services import upgrade_nudge_maybe_send
from coaching.selectors import practice_topics_due, resume_skills
from interviewprep.db.collections import collection_for
from interviewprep.outbox import enqueue_on_commit
from interviews import selectors
from interviews.errors import InterviewClosed, NoQuestionsAvailable
from interviews.hooks import interview_completed
from interviews.models import Answer, Interview, InterviewQuestion
from interviews.services.allowance import allowance_claim, allowance_release
from questions.selectors import FALLBACK_LANGUAGE, questions_for_interview
from questions.services import questions_usage_record

RECENTLY_SEEN = timedelta(days=30)


def interview_start(
    *,
    user: User,
    type: str,
    level: str,
    job_title: str = "",
    job_description: str = "",
    skills: list[str] | None = None,
    question_count: int = 5,
) -> Interview:
    """Start an interview within the plan's weekly allowance, with bank questions
    the user has not seen in the last 30 days (seen ones only if the bank runs short)."""
    now = timezone.now()
    interview = Interview(
        user=user,
        type=type,
        level=level,
        job_title=job_title,
        job_description=job_description,
        # Without skills of their own, the resume's skills pick the questions.
        skills=list(skills or []) or resume_skills(user=user)[:20],
        started_at=now,
    )
    interview.full_clean(exclude=["questions"])
    allowance_claim(user=user, limit=entitlements_for(user=user).plan.weekly_interview_limit, now=now)
    picked = questions_for_interview(
        type=type,
        level=level,
        count=question_count,
        # Topics due for spaced-repetition review are preferred too.
        skills=[*interview.skills, *practice_topics_due(user=user)],
        job_title=job_title,
        exclude_ids=selectors.question_ids_seen(user=user, since=now - RECENTLY_SEEN),
        language=user.language or FALLBACK_LANGUAGE,
    )
    if not picked:
        allowance_release(user=user, started_at=now)
        raise NoQuestionsAvailable(details={"type": type, "level": level})
    interview.questions = [
        InterviewQuestion(question_id=question.pk, order=order, text=question.text, type=question.type)
        for order, question in enumerate(picked, start=1)
    ]
    interview.save()
    selectors.user_stats_cache_forget(user_id=user.pk)
    questions_usage_record(question_ids=[question.pk for question in picked])
    upgrade_nudge_maybe_send(user=user)
    return interview


def interview_complete(*, interview: Interview) -> Interview:
    """Close the interview for answers; unanswered questions become skipped and the
    result is compiled once every answer is evaluated. Completing twice is harmless."""
    if interview.status in (Interview.Status.EVALUATING, Interview.Status.COMPLETED):
        return interview
    flipped = Interview.objects.filter(pk=interview.pk, status=Interview.Status.IN_PROGRESS).update(
        status=Interview.Status.EVALUATING, completed_at=timezone.now()
    )
    if not flipped:
        raise InterviewClosed()
    interview_completed.send(sender=Interview, interview=interview)
    # No answer or follow-up can be added once the status flipped, so rewriting the list is race-free.
    interview.refresh_from_db()
    for item in interview.questions:
        if item.status == InterviewQuestion.Status.PENDING:
            item.status = InterviewQuestion.Status.SKIPPED
    Interview.objects.filter(pk=interview.pk).update(questions=interview.questions)
    from interviews.tasks import compile_result_task

    enqueue_on_commit(compile_result_task, interview_id=str(interview.pk))
    return interview


def interviews_close_stale(*, now: datetime | None = None) -> tuple[int, int]:
    """Close interviews left in progress for longer than INTERVIEW_ABANDON_AFTER_HOURS:
    those with answers are completed (the user gets a result for what they did),
    the rest are abandoned. Returns (completed, abandoned)."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.INTERVIEW_ABANDON_AFTER_HOURS)
    stale = Interview.objects.filter(status=Interview.Status.IN_PROGRESS, started_at__lt=cutoff)
    answered = set(Answer.objects.filter(interview__in=stale).values_list("interview_id", flat=True))
    for interview in stale.filter(pk__in=answered):
        interview_complete(interview=interview)
    abandoned = stale.exclude(pk__in=answered).update(status=Interview.Status.ABANDONED)
    return len(answered), abandoned


def interview_delete(*, interview: Interview) -> None:
    """Delete the interview, its answers and their recordings (the allowance is not refunded)."""
    audio_files_delete(answers=Answer.objects.filter(interview=interview))
    selectors.interview_result_cache_forget(interview_id=interview.pk)
    interview.delete()
    selectors.user_stats_cache_forget(user_id=interview.user_id)


def audio_files_delete(*, answers: QuerySet[Answer]) -> None:
    """Remove stored recordings; the documents go by cascade, files would not."""
    for name in answers.exclude(audio="").values_list("audio", flat=True):
        default_storage.delete(name)


def question_status_set(*, interview: Interview, question_id: Any, status: str) -> None:
    collection_for(Interview, write=True).update_one(
        {"_id": interview.pk, "questions.question_id": question_id}, {"$set": {"questions.$.status": status}}
    )
