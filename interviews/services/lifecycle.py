"""Starting, completing, closing and deleting interviews."""

from __future__ import annotations

from datetime import datetime, timedelta

from bson import ObjectId
from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from billing.metering import interview_start_claim, interview_start_release
from billing.plans import Feature
from interviews import selectors
from interviews.candidates import candidate_source
from interviews.errors import InterviewClosed, NoQuestionsAvailable
from interviews.models import MAX_QUESTIONS, Answer, Interview, InterviewQuestion
from interviews.selectors import statistics
from interviews.services.plan import (
    PlannedQuestion,
    PlanSignals,
    plan_signals,
    questions_plan,
    requirements_extract,
    uncovered_requirements,
)
from kernel.db.collections import collection_for
from kernel.events import ProductEvent, event_emit
from kernel.outbox import enqueue_on_commit
from questions.selectors import FALLBACK_LANGUAGE, questions_by_ids, track_get
from questions.services import questions_propose, questions_usage_record

RECENTLY_SEEN = timedelta(days=30)
# Questions written for uncovered requirements in one interview, at most.
MAX_GENERATED = 3


def interview_start(
    *,
    user: User,
    type: str = "",
    level: str = "",
    job_title: str = "",
    job_description: str = "",
    skills: list[str] | None = None,
    question_count: int = 5,
    type_mix: dict[str, int] | None = None,
    track_id: str | ObjectId | None = None,
    generate_missing: bool = False,
) -> Interview:
    """Start an interview within the plan's weekly allowance, with a question plan for the job.

    The plan reads the job's requirements, then ranks bank questions by how they cover them, the
    resume's gaps and the topics due for review (interviews.services.plan), keeping ``type_mix``
    (type -> count; default ``question_count`` of ``type``) and avoiding questions seen in 30 days
    while the bank has others. A track gives its type, level and language and either its ordered
    questions or its tags as requirements. With ``generate_missing`` a plan with question
    generation adds questions for requirements the bank does not cover (saved as proposals).
    """
    now = timezone.now()
    track = track_get(track_id=track_id) if track_id else None
    if track is not None:
        type, level = type or track.type, level or track.level
        job_title = job_title or track.target_role
    language = track.language if track else (user.language or FALLBACK_LANGUAGE)
    type = type or next(iter(type_mix or {}), "")
    mix = type_mix or {type: track.question_count if track else question_count}
    interview = Interview(
        user=user,
        type=type,
        level=level,
        job_title=job_title,
        job_description=job_description,
        # Without skills of their own, the resume's skills pick the questions.
        skills=list(skills or []) or candidate_source().resume_skills(user=user)[:20],
        track=track,
        started_at=now,
    )
    interview.full_clean(exclude=["questions", "track"])
    extracted = requirements_extract(
        user=user, job_title=job_title, job_description=job_description, skills=skills or ()
    )
    requirements = [*(track.tags if track else ()), *extracted.skills]
    interview.requirements = {
        "skills": list(dict.fromkeys(requirements)),
        "seniority": extracted.seniority,
        "domain": extracted.domain,
        "provider": extracted.provider,
    }
    # Billing's one answer to "may this user start one?": the plan's features it needs and one start of the week.
    interview_start_claim(user=user, now=now, features=(Feature.QUESTION_GENERATION,) if generate_missing else ())
    with translation.override(language):
        signals = plan_signals(
            user=user,
            requirements=requirements,
            level=level,
            language=language,
            seen_ids=selectors.question_ids_seen(user=user, since=now - RECENTLY_SEEN),
        )
        if track is not None and track.question_ids:
            reason = _("Part of the %(track)s track.") % {"track": track.name}
            picked = [(question, reason) for question in questions_by_ids(question_ids=track.question_ids)]
        else:
            planned = questions_plan(type_mix=mix, signals=signals, job_title=job_title)
            if generate_missing:
                planned = _with_proposals(interview=interview, planned=planned, signals=signals, language=language)
            picked = [(item.question, item.reason) for item in planned]
    if not picked:
        interview_start_release(user=user, started_at=now)
        raise NoQuestionsAvailable(details={"type": type, "level": level})
    interview.questions = [
        InterviewQuestion(
            question_id=question.pk, order=order, text=question.text, type=question.type, reason=reason[:300]
        )
        for order, (question, reason) in enumerate(picked, start=1)
    ]
    interview.save()
    statistics.user_stats_cache_forget(user_id=user.pk)
    questions_usage_record(question_ids=[question.pk for question, _reason in picked])
    return interview


def _with_proposals(
    *, interview: Interview, planned: list[PlannedQuestion], signals: PlanSignals, language: str
) -> list[PlannedQuestion]:
    """Questions written for the requirements no bank question covers (at most MAX_GENERATED) take the
    places of picks that cover nothing, or join the interview while it has room; each is saved for
    staff as a proposal."""
    fillers = [index for index in range(len(planned) - 1, -1, -1) if not planned[index].covers]
    room = len(fillers) + max(0, MAX_QUESTIONS - len(planned))
    uncovered = uncovered_requirements(signals=signals, planned=planned)[: min(MAX_GENERATED, room)]
    proposed = questions_propose(
        requirements=uncovered,
        type=interview.type,
        level=interview.level,
        language=language,
        job_text=f"{interview.job_title}\n\n{interview.job_description}".strip(),
    )
    kept = list(planned)
    for requirement, question in proposed:
        generated = PlannedQuestion(
            question=question,
            reason=_("Written for %(skill)s, which the job needs and the question bank does not cover yet.")
            % {"skill": requirement},
            covers=(requirement,),
        )
        if fillers:
            kept[fillers.pop(0)] = generated
        else:
            kept.append(generated)
    return kept


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
    event_emit(
        name=ProductEvent.INTERVIEW_COMPLETED, user_id=interview.user_id, properties={"interview_id": str(interview.pk)}
    )
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
    statistics.user_stats_cache_forget(user_id=interview.user_id)


def audio_files_delete(*, answers: QuerySet[Answer]) -> None:
    """Remove stored recordings, earlier takes' too; the documents go by cascade, files would not."""
    for name, earlier in answers.values_list("audio", "previous_attempts"):
        for stored in (name, *(take.get("audio") for take in earlier or [])):
            if stored:
                default_storage.delete(stored)


def question_status_set(*, interview: Interview, question_id: ObjectId, status: str) -> None:
    collection_for(Interview, write=True).update_one(
        {"_id": interview.pk, "questions.question_id": question_id}, {"$set": {"questions.$.status": status}}
    )
