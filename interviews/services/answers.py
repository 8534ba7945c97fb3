"""Storing answers; their evaluation is queued by the post_save signal."""

from __future__ import annotations

from datetime import datetime

from bson import ObjectId
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ai import get_provider
from billing.metering import second_chance_claim, second_chance_release
from interviews import selectors
from interviews.audio import CONTENT_TYPES, audio_validate
from interviews.errors import (
    AlreadyAnswered,
    EvaluationInProgress,
    EvaluationNotFailed,
    InterviewClosed,
)
from interviews.models import Answer, Interview, InterviewQuestion, answer_audio_path
from interviews.services.coding import code_answer_validate, coding_question_for
from interviews.services.evaluation import STALE_EVALUATION
from interviews.services.lifecycle import question_status_set
from kernel.api import ratelimit
from kernel.errors import ValidationFailed
from kernel.outbox import enqueue_on_commit


def answer_submit(
    *,
    interview: Interview,
    question_id: str | ObjectId,
    text: str = "",
    audio: UploadedFile | None = None,
    transcript: str = "",
    language: str = "",
    code: str = "",
) -> Answer:
    """Store a typed, recorded or (for a coding question) code answer; the post_save signal queues its
    evaluation. Answering an answered question again is a retake (see _answer_retake).

    The unique (interview, question) index decides duplicates, so two concurrent
    first submissions of one question give one answer and one 409.
    """
    if interview.status != Interview.Status.IN_PROGRESS:
        raise InterviewClosed()
    question = coding_question_for(interview=interview, question_id=question_id)
    code_answer_validate(question=question, language=language, code=code, text=text)
    if not question.is_code and not text.strip() and audio is None:
        raise ValidationFailed(details={"text": [_("Send the answer as text or as an audio recording.")]})
    if not question.is_code:
        code, language = "", ""
    earlier = Answer.objects.filter(interview=interview, question_id=question.pk).first()
    if earlier is not None:  # answering again is a retake (API contract)
        return _answer_retake(
            answer=earlier, text=text, audio=audio, transcript=transcript, code=code, code_language=language
        )
    answer = Answer(
        interview=interview,
        user_id=interview.user_id,
        question_id=question.pk,
        text=text,
        transcript=transcript,
        code=code,
        code_language=language,
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
    question_status_set(interview=interview, question_id=question.pk, status=InterviewQuestion.Status.ANSWERED)
    return answer


def _answer_retake(
    *, answer: Answer, text: str, audio: UploadedFile | None, transcript: str, code: str, code_language: str
) -> Answer:
    """A new take of an answered question in an open interview; counts as one of the plan's weekly second chances.

    The earlier take (words, recording, evaluation) moves to ``previous_attempts`` and the new one is
    evaluated in its place, so the result counts the new take. The swap is one update conditional on
    the take it replaces, so two concurrent retakes give one retake and one 409.
    """
    if answer.evaluation_status in (Answer.EvaluationStatus.PENDING, Answer.EvaluationStatus.RUNNING):
        raise EvaluationInProgress()
    user = answer.user
    now = timezone.now()
    _second_chance_take(user=user, now=now)
    audio_name, content_type = "", ""
    if audio is not None:
        audio_format = audio_validate(audio=audio)
        content_type = CONTENT_TYPES[audio_format]
        audio_name = default_storage.save(answer_audio_path(answer, f"answer.{audio_format}"), audio)
    earlier = {
        "text": answer.text,
        "transcript": answer.transcript,
        "code": answer.code,
        "code_language": answer.code_language,
        "code_result": answer.code_result or None,
        "audio": answer.audio.name if answer.audio else "",
        "score": answer.score,
        "evaluation_status": answer.evaluation_status,
        "evaluation": answer.evaluation or None,
        "speech_metrics": answer.speech_metrics,
        "created_at": answer.created_at.isoformat(),
        "evaluated_at": answer.evaluated_at.isoformat() if answer.evaluated_at else None,
    }
    swapped = Answer.objects.filter(
        pk=answer.pk, created_at=answer.created_at, evaluation_status=answer.evaluation_status
    ).update(
        text=text,
        transcript=transcript,
        code=code,
        code_language=code_language,
        code_result={},
        audio=audio_name,
        audio_content_type=content_type,
        speech_metrics={},
        evaluation={},
        evaluation_status=Answer.EvaluationStatus.PENDING,
        evaluation_error="",
        score=None,
        attempts=0,
        created_at=now,
        evaluation_started_at=None,
        evaluated_at=None,
        previous_attempts=[*answer.previous_attempts, earlier],
    )
    if not swapped:
        second_chance_release(user=user, claimed_at=now)
        if audio_name:
            default_storage.delete(audio_name)
        raise EvaluationInProgress()
    from interviews.tasks import evaluate_answer_task

    enqueue_on_commit(evaluate_answer_task, answer_id=str(answer.pk))
    answer.refresh_from_db()
    return answer


def answer_reevaluate(*, user: User, interview: Interview, answer_id: str | ObjectId) -> Answer:
    """Run the user's own failed evaluation again; counts as one of the plan's weekly second chances.
    A completed interview's result is compiled again once it is done."""
    answer = selectors.answer_get(interview=interview, answer_id=answer_id)
    if answer.evaluation_status != Answer.EvaluationStatus.FAILED:
        raise EvaluationNotFailed()
    now = timezone.now()
    _second_chance_take(user=user, now=now)
    if not answers_reevaluate(answers=Answer.objects.filter(pk=answer.pk)):
        second_chance_release(user=user, claimed_at=now)
        raise EvaluationNotFailed()
    answer.refresh_from_db()
    return answer


def _second_chance_take(*, user: User, now: datetime) -> None:
    """Each second chance costs an evaluation: the per-user AI rate limit and the plan's weekly allowance."""
    ratelimit.ai_call_enforce(group="second_chance", user_id=user.pk)
    second_chance_claim(user=user, now=now)


def answers_reevaluate(*, answers: QuerySet[Answer]) -> int:
    """Queue failed evaluations again (admin action, management command); returns how many."""
    answer_ids = list(answers.filter(evaluation_status=Answer.EvaluationStatus.FAILED).values_list("pk", flat=True))
    Answer.objects.filter(pk__in=answer_ids, evaluation_status=Answer.EvaluationStatus.FAILED).update(
        evaluation_status=Answer.EvaluationStatus.PENDING, evaluation_error=""
    )
    from interviews.tasks import evaluate_answer_task

    for answer_id in answer_ids:
        enqueue_on_commit(evaluate_answer_task, answer_id=str(answer_id))
    return len(answer_ids)


def evaluations_requeue_idle() -> int:
    """Queue again every evaluation nobody has worked on for STALE_EVALUATION (run by Celery beat);
    returns how many.

    Its message was lost (Redis restarted without it, or it was never sent) or its worker
    died; the answer's status is the record that the work is owed. A message that was only
    slow makes a duplicate, which is harmless: an evaluation runs only after claiming its answer.
    """
    from interviews.tasks import evaluate_answer_task

    cutoff = timezone.now() - STALE_EVALUATION
    untouched = Q(evaluation_started_at__lt=cutoff) | Q(evaluation_started_at__isnull=True, created_at__lt=cutoff)
    idle = Answer.objects.filter(
        untouched, evaluation_status__in=[Answer.EvaluationStatus.PENDING, Answer.EvaluationStatus.RUNNING]
    )
    answer_ids = list(idle.values_list("pk", flat=True))
    for answer_id in answer_ids:
        evaluate_answer_task.delay(answer_id=str(answer_id))
    return len(answer_ids)


# At most this many re-grades per sweep, so a long outage's backlog reaches the model in steps.
REGRADE_BATCH = 100


def evaluations_regrade_fallback() -> int:
    """Queue a re-grade by the language model of answers the offline grader scored while it was down
    (run by Celery beat); returns how many. Nothing while no model provider is configured or its
    breaker is open. A duplicate task is harmless: a re-grade stores only over the fallback score it read.
    """
    from interviews.tasks import regrade_answer_task

    provider = get_provider()
    if not provider.offline_fallback or not provider.available():
        return 0
    fallback = Answer.objects.filter(evaluation_status=Answer.EvaluationStatus.DONE, evaluation__is_fallback=True)
    answer_ids = list(fallback.order_by("evaluated_at").values_list("pk", flat=True)[:REGRADE_BATCH])
    for answer_id in answer_ids:
        regrade_answer_task.delay(answer_id=str(answer_id))
    return len(answer_ids)
