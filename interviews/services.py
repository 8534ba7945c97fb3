"""Interview writes: starting within the weekly allowance, answering, evaluating and compiling results.

MongoDB gives no multi-document transactions here (see MONGODB_NOTES), so every
invariant that must survive concurrency is one conditional single-document
update: a start takes a slot only while the week has room, an evaluation runs
only after flipping its answer from pending to running, an interview gets at
most one follow-up and is completed once.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ai import get_provider
from ai.errors import AIError, InvalidModelOutput, ProviderRejected, ProviderUnavailable, TranscriptionUnavailable
from ai.speech import speech_metrics
from ai.types import CRITERIA, Evaluation, EvaluationInput, FollowUpInput, Transcript, TranscriptionInput
from billing.errors import QuotaExceeded
from billing.selectors import entitlements_for
from interviewprep.api.exceptions import ApplicationError, ValidationFailed
from interviewprep.api.fields import parse_object_id
from interviewprep.db.collections import collection_for
from interviews import selectors
from interviews.audio import CONTENT_TYPES, audio_validate
from interviews.errors import AlreadyAnswered, InterviewClosed, NoQuestionsAvailable, QuestionNotInInterview
from interviews.models import Answer, Interview, InterviewQuestion, WeeklyAllowance
from questions.selectors import FALLBACK_LANGUAGE, questions_for_interview
from questions.services import question_create_follow_up, question_score_record, questions_usage_record

logger = logging.getLogger(__name__)

RECENTLY_SEEN = timedelta(days=30)
# A "running" evaluation older than this belongs to a worker that died; it may be claimed again.
STALE_EVALUATION = timedelta(minutes=15)
PASS_THRESHOLDS = {"intern": 50, "junior": 60, "middle": 70, "senior": 75}
TOP_POINTS = 5


def _utc(value: datetime) -> datetime:
    """pymongo returns naive UTC datetimes."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# --- Weekly allowance ---------------------------------------------------------------------------


def allowance_claim(*, user: User, limit: int, now: datetime) -> None:
    """Take one interview start of the rolling week, or raise 429 ``quota_exceeded``.

    Expired starts are pulled first (harmless under concurrency: it only removes
    what no longer counts), then ONE conditional ``$push`` adds ``now`` only while
    the array holds fewer than ``limit`` entries, so two starts racing for the
    last slot cannot both get it. Retry-After is when the oldest start leaves the window.
    """
    allowance, _created = WeeklyAllowance.objects.get_or_create(user=user)
    collection = collection_for(WeeklyAllowance, write=True)
    collection.update_one({"_id": allowance.pk}, {"$pull": {"starts": {"$lte": now - selectors.ALLOWANCE_WINDOW}}})
    claimed = (
        limit > 0
        and collection.update_one(
            {"_id": allowance.pk, f"starts.{limit - 1}": {"$exists": False}}, {"$push": {"starts": now}}
        ).modified_count
    )
    if not claimed:
        starts = (collection.find_one({"_id": allowance.pk}) or {}).get("starts", [])
        oldest = min((_utc(start) for start in starts), default=now)
        raise QuotaExceeded(
            retry_after=(oldest + selectors.ALLOWANCE_WINDOW - now).total_seconds(), details={"weekly_limit": limit}
        )


def allowance_release(*, user: User, started_at: datetime) -> None:
    """Give back a start whose interview could not be created."""
    collection_for(WeeklyAllowance, write=True).update_one({"user_id": user.pk}, {"$pull": {"starts": started_at}})


# --- Interviews ---------------------------------------------------------------------------------


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
        skills=list(skills or []),
        started_at=now,
    )
    interview.full_clean(exclude=["questions"])
    allowance_claim(user=user, limit=entitlements_for(user=user).plan.weekly_interview_limit, now=now)
    picked = questions_for_interview(
        type=type,
        level=level,
        count=question_count,
        skills=interview.skills,
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
    questions_usage_record(question_ids=[question.pk for question in picked])
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
    # No answer or follow-up can be added once the status flipped, so rewriting the list is race-free.
    interview.refresh_from_db()
    for item in interview.questions:
        if item.status == InterviewQuestion.Status.PENDING:
            item.status = InterviewQuestion.Status.SKIPPED
    Interview.objects.filter(pk=interview.pk).update(questions=interview.questions)
    from interviews.tasks import compile_result_task

    transaction.on_commit(partial(compile_result_task.delay, interview_id=str(interview.pk)))
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
    interview.delete()


def audio_files_delete(*, answers: QuerySet[Answer]) -> None:
    """Remove stored recordings; the documents go by cascade, files would not."""
    for name in answers.exclude(audio="").values_list("audio", flat=True):
        default_storage.delete(name)


def _question_status_set(*, interview: Interview, question_id: Any, status: str) -> None:
    collection_for(Interview, write=True).update_one(
        {"_id": interview.pk, "questions.question_id": question_id}, {"$set": {"questions.$.status": status}}
    )


# --- Answers ------------------------------------------------------------------------------------


def answer_submit(
    *,
    interview: Interview,
    question_id: Any,
    text: str = "",
    audio: UploadedFile | None = None,
    transcript: str = "",
) -> Answer:
    """Store a typed or recorded answer; the post_save signal queues its evaluation.

    The unique (interview, question) index decides duplicates, so two concurrent
    submissions of one question give one answer and one 409.
    """
    if interview.status != Interview.Status.IN_PROGRESS:
        raise InterviewClosed()
    object_id = parse_object_id(question_id)
    item = next((item for item in interview.questions if item.question_id == object_id), None)
    if item is None:
        raise QuestionNotInInterview()
    if not text.strip() and audio is None:
        raise ValidationFailed(details={"text": [_("Send the answer as text or as an audio recording.")]})
    if Answer.objects.filter(interview=interview, question_id=item.question_id).exists():
        raise AlreadyAnswered()
    answer = Answer(
        interview=interview, user_id=interview.user_id, question_id=item.question_id, text=text, transcript=transcript
    )
    if audio is not None:
        audio_format = audio_validate(audio=audio)
        answer.audio_content_type = CONTENT_TYPES[audio_format]
        answer.audio.save(f"answer.{audio_format}", audio, save=False)
    try:
        answer.full_clean(exclude=["interview", "user", "question", "audio"], validate_constraints=False)
        answer.save()
    except (IntegrityError, DjangoValidationError) as exc:
        if answer.audio:
            default_storage.delete(answer.audio.name)
        if isinstance(exc, IntegrityError):
            raise AlreadyAnswered() from exc
        raise
    _question_status_set(interview=interview, question_id=item.question_id, status=InterviewQuestion.Status.ANSWERED)
    return answer


def answers_reevaluate(*, answers: QuerySet[Answer]) -> int:
    """Queue failed evaluations again (admin action, management command); returns how many."""
    answer_ids = list(answers.filter(evaluation_status=Answer.EvaluationStatus.FAILED).values_list("pk", flat=True))
    Answer.objects.filter(pk__in=answer_ids, evaluation_status=Answer.EvaluationStatus.FAILED).update(
        evaluation_status=Answer.EvaluationStatus.PENDING, evaluation_error=""
    )
    from interviews.tasks import evaluate_answer_task

    for answer_id in answer_ids:
        transaction.on_commit(partial(evaluate_answer_task.delay, answer_id=str(answer_id)))
    return len(answer_ids)


def answer_evaluate(*, answer_id: Any, final_attempt: bool = True) -> Answer | None:
    """Evaluate one answer, at most once at a time: the answer is claimed by flipping it
    pending (or stale running) to running in one conditional update; a second caller gets None.

    A retryable provider error releases the claim and propagates so the task retries;
    on the ``final_attempt`` the answer is marked failed with the reason instead, so it
    is kept and can be re-run later. Non-retryable errors fail it at once.
    """
    now = timezone.now()
    object_id = parse_object_id(answer_id)
    claimable = Q(evaluation_status=Answer.EvaluationStatus.PENDING) | Q(
        evaluation_status=Answer.EvaluationStatus.RUNNING, evaluation_started_at__lt=now - STALE_EVALUATION
    )
    if object_id is None or not Answer.objects.filter(claimable, pk=object_id).update(
        evaluation_status=Answer.EvaluationStatus.RUNNING, evaluation_started_at=now, attempts=F("attempts") + 1
    ):
        return None
    answer = Answer.objects.select_related("question", "interview").get(pk=object_id)
    try:
        evaluation = _evaluation_run(answer=answer)
    except (ProviderUnavailable, InvalidModelOutput) as exc:
        if not final_attempt:
            _answer_settle(answer=answer, status=Answer.EvaluationStatus.PENDING, error=_reason(exc))
            raise
        _answer_settle(answer=answer, status=Answer.EvaluationStatus.FAILED, error=_reason(exc))
    except (TranscriptionUnavailable, ProviderRejected) as exc:
        _answer_settle(answer=answer, status=Answer.EvaluationStatus.FAILED, error=_reason(exc))
    else:
        answer.evaluation = _evaluation_dict(evaluation)
        answer.score = evaluation.score
        _answer_settle(answer=answer, status=Answer.EvaluationStatus.DONE)
        question_score_record(question_id=answer.question_id, score=evaluation.score)
        if evaluation.missed_key_points:
            _follow_up_add(answer=answer, missed_key_points=evaluation.missed_key_points)
    result_compile(interview_id=answer.interview_id)
    return answer


_REASONS: dict[type[AIError], str] = {
    ProviderUnavailable: "provider_unavailable",
    InvalidModelOutput: "invalid_model_output",
    TranscriptionUnavailable: "transcription_unavailable",
    ProviderRejected: "provider_rejected",
}


def _reason(exc: AIError) -> str:
    code = next(code for kind, code in _REASONS.items() if isinstance(exc, kind))
    return f"{code}: {exc}"[:200] if str(exc) else code


def _answer_settle(*, answer: Answer, status: str, error: str = "") -> None:
    """Store the outcome of the running evaluation this process claimed."""
    answer.evaluation_status = status
    answer.evaluation_error = error
    answer.evaluated_at = timezone.now() if status == Answer.EvaluationStatus.DONE else None
    Answer.objects.filter(pk=answer.pk, evaluation_status=Answer.EvaluationStatus.RUNNING).update(
        evaluation_status=status,
        evaluation_error=error,
        evaluation=answer.evaluation,
        score=answer.score,
        transcript=answer.transcript,
        speech_metrics=answer.speech_metrics,
        evaluated_at=answer.evaluated_at,
    )


def _evaluation_run(*, answer: Answer) -> Evaluation:
    """Transcribe a recording unless the client sent a transcript, measure the speech, ask the provider."""
    provider = get_provider()
    question = answer.question
    metrics = None
    if answer.audio:
        if answer.transcript:
            transcript = Transcript(text=answer.transcript)
        else:
            with answer.audio.open("rb") as audio:
                data = audio.read()
            transcript = provider.transcribe(
                TranscriptionInput(
                    audio=data,
                    filename=PurePosixPath(answer.audio.name).name,
                    content_type=answer.audio_content_type or "application/octet-stream",
                    language=question.language,
                )
            )
            answer.transcript = transcript.text
        metrics = speech_metrics(transcript)
        answer.speech_metrics = asdict(metrics)
    return provider.evaluate_answer(
        EvaluationInput(
            question=question.as_spec(),
            answer_text=answer.answer_text,
            language=question.language,
            speech=metrics,
            duration_seconds=metrics.duration_seconds if metrics else None,
        )
    )


def _evaluation_dict(evaluation: Evaluation) -> dict[str, Any]:
    """The stored evaluation: the contract's fields plus key points and provenance."""
    return {
        "score": evaluation.score,
        "scores": {name: evaluation.scores.get(name, 0) for name in CRITERIA},
        "strengths": list(evaluation.strengths),
        "improvements": list(evaluation.improvements),
        "feedback": evaluation.feedback,
        "covered_key_points": list(evaluation.covered_key_points),
        "missed_key_points": list(evaluation.missed_key_points),
        "star": asdict(evaluation.star) if evaluation.star else None,
        "gate": evaluation.gate,
        "model": evaluation.model,
        "provider": evaluation.provider,
        "prompt_version": evaluation.prompt_version,
        "rubric_version": evaluation.rubric_version,
        "is_fallback": evaluation.is_fallback,
    }


def _follow_up_add(*, answer: Answer, missed_key_points: tuple[str, ...]) -> None:
    """Ask about what the answer missed: at most one follow-up per interview, only while it runs.

    The flag is claimed before generating, so concurrent evaluations never create two; a
    follow-up is optional, so a provider error here is logged and the evaluation still counts.
    """
    claimed = Interview.objects.filter(
        pk=answer.interview_id, status=Interview.Status.IN_PROGRESS, follow_up_added=False
    ).update(follow_up_added=True)
    if not claimed:
        return
    question = answer.question
    try:
        generated = get_provider().generate_follow_up(
            FollowUpInput(
                question=question.as_spec(),
                answer_text=answer.answer_text,
                missed_key_points=missed_key_points,
                language=question.language,
            )
        )
        follow_up = question_create_follow_up(parent=question, generated=generated)
    except (AIError, ApplicationError) as exc:
        logger.warning("no follow-up for answer %s: %s", answer.pk, exc)
        return
    order = len(Interview.objects.only("questions").get(pk=answer.interview_id).questions) + 1
    collection_for(Interview, write=True).update_one(
        {"_id": answer.interview_id, "status": Interview.Status.IN_PROGRESS},
        {
            "$push": {
                "questions": {
                    "question_id": follow_up.pk,
                    "order": order,
                    "text": follow_up.text,
                    "type": follow_up.type,
                    "status": InterviewQuestion.Status.PENDING,
                    "is_follow_up": True,
                }
            }
        },
    )


# --- Results ------------------------------------------------------------------------------------


def result_compile(*, interview_id: Any) -> bool:
    """Compile the result once the interview is closed and no evaluation is pending or running.

    Also runs for a completed interview (a failed answer re-run later updates the result).
    Failed evaluations are reported per question and left out of the scores.
    """
    settled = (Interview.Status.EVALUATING, Interview.Status.COMPLETED)
    interview = Interview.objects.filter(pk=parse_object_id(interview_id), status__in=settled).first()
    if interview is None:
        return False
    answers = list(Answer.objects.filter(interview=interview))
    if any(
        answer.evaluation_status in (Answer.EvaluationStatus.PENDING, Answer.EvaluationStatus.RUNNING)
        for answer in answers
    ):
        return False
    result = _result_build(interview=interview, answers=answers)
    return bool(
        Interview.objects.filter(pk=interview.pk, status__in=settled).update(
            status=Interview.Status.COMPLETED, result=result, overall_score=result["overall_score"]
        )
    )


def _result_build(*, interview: Interview, answers: list[Answer]) -> dict[str, Any]:
    """Scores average over evaluated answers; the overall score also counts skipped
    questions as 0 (an unasked follow-up and a failed evaluation do not count)."""
    by_question = {answer.question_id: answer for answer in answers}
    done = [answer for answer in answers if answer.evaluation_status == Answer.EvaluationStatus.DONE]
    judged = [
        item
        for item in interview.questions
        if (answer := by_question.get(item.question_id)) is not None
        and answer.evaluation_status == Answer.EvaluationStatus.DONE
        or (answer is None and not item.is_follow_up)
    ]
    overall = round(sum(answer.score or 0 for answer in done) / len(judged), 1) if judged else 0.0
    scores = {
        name: round(sum(answer.evaluation["scores"].get(name, 0) for answer in done) / len(done), 1) if done else 0.0
        for name in CRITERIA
    }
    strengths = Counter(point for answer in done for point in answer.evaluation.get("strengths", []))
    improvements = Counter(point for answer in done for point in answer.evaluation.get("improvements", []))
    threshold = PASS_THRESHOLDS.get(interview.level, 70)
    passed = bool(done) and overall >= threshold
    return {
        "overall_score": overall,
        "passed": passed,
        "pass_threshold": threshold,
        "scores": scores,
        "strengths": [point for point, _count in strengths.most_common(TOP_POINTS)],
        "improvements": [point for point, _count in improvements.most_common(TOP_POINTS)],
        "summary": _summary(
            overall=overall,
            passed=passed,
            threshold=threshold,
            answered=len(answers),
            total=len(interview.questions),
            scores=scores,
        ),
        "questions_answered": len(answers),
        "total_questions": len(interview.questions),
        "per_question": [
            _per_question(item=item, answer=by_question.get(item.question_id)) for item in interview.questions
        ],
    }


def _summary(
    *, overall: float, passed: bool, threshold: int, answered: int, total: int, scores: dict[str, float]
) -> str:
    ranked = sorted(scores, key=lambda name: scores[name])
    verdict = _("passed") if passed else _("did not pass")
    return _(
        "You answered %(answered)d of %(total)d questions and scored %(overall)s, so you %(verdict)s "
        "(pass mark %(threshold)d). Strongest: %(best)s. Work on: %(worst)s."
    ) % {
        "answered": answered,
        "total": total,
        "overall": overall,
        "verdict": verdict,
        "threshold": threshold,
        "best": ranked[-1].replace("_", " "),
        "worst": ranked[0].replace("_", " "),
    }


def _per_question(*, item: InterviewQuestion, answer: Answer | None) -> dict[str, Any]:
    evaluation = answer.evaluation if answer else {}
    return {
        "question_id": str(item.question_id),
        "order": item.order,
        "text": item.text,
        "is_follow_up": item.is_follow_up,
        "status": item.status,
        "answer_id": str(answer.pk) if answer else None,
        "evaluation_status": answer.evaluation_status if answer else None,
        "score": answer.score if answer else None,
        "scores": evaluation.get("scores", {}),
        "feedback": evaluation.get("feedback", ""),
    }
