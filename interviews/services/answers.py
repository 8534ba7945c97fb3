"""Storing answers; their evaluation is queued by the post_save signal."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from interviewprep.api.exceptions import ValidationFailed
from interviewprep.outbox import enqueue_on_commit
from interviews.audio import CONTENT_TYPES, audio_validate
from interviews.errors import AlreadyAnswered, InterviewClosed
from interviews.models import Answer, Interview, InterviewQuestion
from interviews.services.coding import code_answer_validate, coding_question_for
from interviews.services.evaluation import STALE_EVALUATION
from interviews.services.lifecycle import question_status_set


def answer_submit(
    *,
    interview: Interview,
    question_id: Any,
    text: str = "",
    audio: UploadedFile | None = None,
    transcript: str = "",
    language: str = "",
    code: str = "",
) -> Answer:
    """Store a typed, recorded or (for a coding question) code answer; the post_save signal queues its evaluation.

    The unique (interview, question) index decides duplicates, so two concurrent
    submissions of one question give one answer and one 409.
    """
    if interview.status != Interview.Status.IN_PROGRESS:
        raise InterviewClosed()
    question = coding_question_for(interview=interview, question_id=question_id)
    code_answer_validate(question=question, language=language, code=code, text=text)
    if not question.is_code and not text.strip() and audio is None:
        raise ValidationFailed(details={"text": [_("Send the answer as text or as an audio recording.")]})
    if Answer.objects.filter(interview=interview, question_id=question.pk).exists():
        raise AlreadyAnswered()
    answer = Answer(
        interview=interview,
        user_id=interview.user_id,
        question_id=question.pk,
        text=text,
        transcript=transcript,
        code=code if question.is_code else "",
        code_language=language if question.is_code else "",
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
