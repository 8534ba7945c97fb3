"""The evaluation pipeline, top to bottom. An answer's ``post_save`` (interviews/signals.py) queues
``evaluate_answer_task``, which runs ``answer_evaluate``: the answer is claimed once, transcribed if
needed, scored by the AI layer (or the offline grader while the model is down) and kept when the AI
fails. Everything a stored grade sets off is ``_after_grading``, in order: the question's statistics,
the user's cached statistics, who listens (coaching's review schedule, analytics), the follow-up
question as its own task (``add_follow_up_task``, a second model call), and the interview's result."""

from __future__ import annotations

import logging
from dataclasses import asdict, replace
from datetime import timedelta
from pathlib import PurePosixPath
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from ai import get_provider, offline_provider
from ai.errors import (
    AIError,
    CircuitOpen,
    InvalidModelOutput,
    ProviderRejected,
    ProviderUnavailable,
    TranscriptionUnavailable,
)
from ai.speech import speech_metrics
from ai.types import (
    CRITERIA,
    Evaluation,
    EvaluationInput,
    FollowUpInput,
    SpeechMetrics,
    Transcript,
    TranscriptionInput,
)
from interviews.audio import recording_seconds
from interviews.hooks import answer_evaluated
from interviews.models import Answer, Interview, InterviewQuestion
from interviews.selectors import user_stats_cache_forget
from interviews.services.coding import code_evaluation
from interviews.services.results import result_compile
from kernel.api.fields import parse_object_id
from kernel.db.collections import collection_for
from kernel.errors import ApplicationError
from kernel.events import ProductEvent, event_emit
from kernel.outbox import enqueue_on_commit
from questions.services import question_create_follow_up, question_score_record

logger = logging.getLogger(__name__)

# A "running" evaluation older than this belongs to a worker that died, even if its task was lost: claimable again.
STALE_EVALUATION = timedelta(minutes=15)


def answer_evaluate(*, answer_id: Any, final_attempt: bool = True, redelivered: bool = False) -> Answer | None:
    """Evaluate one answer, at most once at a time: the answer is claimed by flipping it
    pending (or stale running) to running in one conditional update; a second caller gets None.

    A task the broker ``redelivered`` also claims a running answer: the broker re-sends an
    unacknowledged task only when the worker that took it died, and the claim that worker left must
    not block the answer for STALE_EVALUATION. Should the first worker still be alive after all,
    only the first outcome is stored (settling needs a running answer), and the follow-up effects
    run only for the stored one.

    A retryable provider error releases the claim and propagates so the task retries. When a
    language-model provider stays unavailable (the ``final_attempt``, or its breaker is open), the
    offline grader scores the answer, marked is_fallback, and answer_regrade replaces that score
    once the model is back; where the offline grader cannot stand in (see _fallback_run), the
    answer is marked failed with the reason, kept, and can be re-run later. Non-retryable errors
    fail it at once.
    """
    now = timezone.now()
    object_id = parse_object_id(answer_id)
    running = Q(evaluation_status=Answer.EvaluationStatus.RUNNING)
    if not redelivered:
        running &= Q(evaluation_started_at__lt=now - STALE_EVALUATION)
    claimable = Q(evaluation_status=Answer.EvaluationStatus.PENDING) | running
    if object_id is None or not Answer.objects.filter(claimable, pk=object_id).update(
        evaluation_status=Answer.EvaluationStatus.RUNNING, evaluation_started_at=now, attempts=F("attempts") + 1
    ):
        return None
    answer = Answer.objects.select_related("question", "interview", "user").get(pk=object_id)
    graded: Evaluation | None = None
    try:
        graded = _evaluation_run(answer=answer)
    except (ProviderUnavailable, InvalidModelOutput) as exc:
        graded = _fallback_run(answer=answer, error=exc, final_attempt=final_attempt)
        if graded is None and not final_attempt:
            _answer_settle(answer=answer, status=Answer.EvaluationStatus.PENDING, error=_reason(exc))
            raise
        if graded is None:
            stored = _answer_settle(answer=answer, status=Answer.EvaluationStatus.FAILED, error=_reason(exc))
    except (TranscriptionUnavailable, ProviderRejected) as exc:
        stored = _answer_settle(answer=answer, status=Answer.EvaluationStatus.FAILED, error=_reason(exc))
    if graded is not None:
        stored = _answer_done(answer=answer, evaluation=graded)
    if not stored:
        return None
    _after_grading(answer=answer, evaluation=graded)
    return answer


def answer_regrade(*, answer_id: Any) -> Answer | None:
    """Grade again with the language model an answer the offline grader scored while the model was down.

    None when there is nothing to do: the answer was re-graded or retaken meanwhile, no model provider
    is configured, or the model is still down (the answer keeps its offline score and the next sweep,
    services.evaluations_regrade_fallback, tries again). Only an answer still holding the same
    fallback evaluation is updated, so a duplicate task or a retake in between never overwrites newer work.
    """
    provider = get_provider()
    object_id = parse_object_id(answer_id)
    fallback = Q(evaluation_status=Answer.EvaluationStatus.DONE, evaluation__is_fallback=True)
    answer = (
        Answer.objects.select_related("question", "interview", "user").filter(fallback, pk=object_id).first()
        if object_id is not None and provider.offline_fallback
        else None
    )
    if answer is None:
        return None
    try:
        evaluation = provider.evaluate_answer(_evaluation_input(answer=answer))
    except AIError as exc:
        logger.warning("answer %s keeps its offline score for now: %s", answer.pk, exc)
        return None
    graded_at = answer.evaluated_at
    answer.evaluation = _evaluation_dict(evaluation)
    answer.score = evaluation.score
    answer.evaluated_at = timezone.now()
    if not Answer.objects.filter(fallback, pk=answer.pk, evaluated_at=graded_at).update(
        evaluation=answer.evaluation, score=answer.score, evaluated_at=answer.evaluated_at
    ):
        return None
    _after_grading(answer=answer, evaluation=evaluation, regrade=True)
    return answer


def _after_grading(*, answer: Answer, evaluation: Evaluation | None, regrade: bool = False) -> None:
    """What a stored outcome sets off. ``evaluation`` is None when the answer failed to grade (its
    interview's result still has to be compiled without it). A fallback grade neither counts in the
    question's average nor asks a follow-up: the model is down, and its re-grade records the score."""
    if evaluation is not None and not evaluation.is_fallback:
        question_score_record(question_id=answer.question_id, score=evaluation.score)
    user_stats_cache_forget(user_id=answer.user_id)
    if evaluation is not None and not regrade:
        answer_evaluated.send(sender=Answer, answer=answer)
        event_emit(
            name=ProductEvent.ANSWER_EVALUATED,
            user_id=answer.user_id,
            properties={"answer_id": str(answer.pk), "score": answer.score},
        )
        if not evaluation.is_fallback and evaluation.missed_key_points:
            from interviews.tasks import add_follow_up_task  # the task module imports the services

            enqueue_on_commit(add_follow_up_task, answer_id=str(answer.pk))
    result_compile(interview_id=answer.interview_id)


def _answer_done(*, answer: Answer, evaluation: Evaluation) -> bool:
    answer.evaluation = _evaluation_dict(evaluation)
    answer.score = evaluation.score
    return _answer_settle(answer=answer, status=Answer.EvaluationStatus.DONE)


def _fallback_run(*, answer: Answer, error: AIError, final_attempt: bool) -> Evaluation | None:
    """The offline grader's evaluation, marked is_fallback, when a language-model provider is
    unavailable for good: after its last retry, or at once when its circuit breaker is open.

    None when the offline grader cannot stand in: the provider is the offline kind itself, the
    model answered but malformed (InvalidModelOutput), the answer is code (its sandbox is what is
    down), or a recording has no transcript to grade.
    """
    if not isinstance(error, ProviderUnavailable) or not (final_attempt or isinstance(error, CircuitOpen)):
        return None
    if not get_provider().offline_fallback or answer.code or not answer.answer_text:
        return None
    logger.warning("answer %s graded offline while the model is unavailable: %s", answer.pk, error)
    return replace(offline_provider().evaluate_answer(_evaluation_input(answer=answer)), is_fallback=True)


_REASONS: dict[type[AIError], str] = {
    ProviderUnavailable: "provider_unavailable",
    InvalidModelOutput: "invalid_model_output",
    TranscriptionUnavailable: "transcription_unavailable",
    ProviderRejected: "provider_rejected",
}


def _reason(exc: AIError) -> str:
    code = next(code for kind, code in _REASONS.items() if isinstance(exc, kind))
    return f"{code}: {exc}"[:200] if str(exc) else code


def _answer_settle(*, answer: Answer, status: str, error: str = "") -> bool:
    """Store the outcome of the running evaluation this process claimed; False if another delivery settled it first."""
    answer.evaluation_status = status
    answer.evaluation_error = error
    answer.evaluated_at = timezone.now() if status == Answer.EvaluationStatus.DONE else None
    return bool(
        Answer.objects.filter(pk=answer.pk, evaluation_status=Answer.EvaluationStatus.RUNNING).update(
            evaluation_status=status,
            evaluation_error=error,
            evaluation=answer.evaluation,
            score=answer.score,
            transcript=answer.transcript,
            speech_metrics=answer.speech_metrics,
            evaluated_at=answer.evaluated_at,
        )
    )


def _evaluation_run(*, answer: Answer) -> Evaluation:
    """Transcribe a recording unless the client sent a transcript, measure the speech (pace from the
    recording's real length, see ai.speech), ask the provider.
    Code is run against the question's hidden tests instead (services.coding)."""
    if answer.code:
        return code_evaluation(answer=answer)
    provider = get_provider()
    question = answer.question
    if answer.audio:
        if answer.transcript:  # the client's: its pace needs the recording's own length
            with answer.audio.open("rb") as audio:
                seconds = recording_seconds(audio=audio)
            transcript = Transcript(text=answer.transcript, duration_seconds=seconds or 0.0)
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
        answer.speech_metrics = asdict(speech_metrics(transcript))
    return provider.evaluate_answer(_evaluation_input(answer=answer))


def _evaluation_input(*, answer: Answer) -> EvaluationInput:
    question = answer.question
    metrics = SpeechMetrics(**answer.speech_metrics) if answer.speech_metrics else None
    return EvaluationInput(
        question=question.as_spec(),
        answer_text=answer.answer_text,
        # Feedback in the candidate's language, even on a question from the English bank.
        language=answer.user.language or question.language,
        speech=metrics,
        duration_seconds=metrics.duration_seconds if metrics else None,
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


def follow_up_add(*, answer_id: Any) -> None:
    """Ask about what a graded answer missed: at most one follow-up per interview, only while it runs.

    The flag is claimed before generating, so concurrent evaluations never create two; a
    follow-up is optional, so a provider error here is logged and the evaluation still counts.
    The question is appended with one conditional ``$push`` on the embedded list, so it cannot
    land in an interview that was completed meanwhile.
    """
    answer = Answer.objects.select_related("question").filter(pk=parse_object_id(answer_id)).first()
    missed_key_points = tuple((answer.evaluation or {}).get("missed_key_points", ())) if answer else ()
    if answer is None or not missed_key_points:
        return
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
