"""What a report shows, gathered once for both renderings. It names the candidate, never their email:
a shared report is read by people the user chose, and the address is not theirs to see."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ai.types import CRITERIA
from interviews.models import Answer, Interview

HISTORY_POINTS = 10


def criterion_label(name: str) -> str:
    labels = {
        "clarity": _("Clarity"),
        "relevance": _("Relevance"),
        "technical_accuracy": _("Technical accuracy"),
        "structure": _("Structure"),
        "confidence": _("Confidence"),
    }
    return labels.get(name, name.replace("_", " "))


def report_content(*, interview: Interview) -> dict[str, Any]:
    """The completed interview's result with each answer's words, feedback, key points and speech
    metrics, and the user's score history up to it. Call inside translation.override(language)."""
    result = interview.result or {}
    answers = {answer.question_id: answer for answer in Answer.objects.filter(interview=interview)}
    history = list(
        Interview.objects.filter(
            user_id=interview.user_id,
            status=Interview.Status.COMPLETED,
            completed_at__lte=interview.completed_at,
        )
        .order_by("-completed_at")
        .values_list("completed_at", "overall_score")[:HISTORY_POINTS]
    )
    scores = result.get("scores", {})
    return {
        "candidate": interview.user.name or _("Candidate"),
        "title": interview.job_title,
        "type": interview.get_type_display(),
        "level": interview.get_level_display(),
        "completed_at": interview.completed_at,
        "overall_score": result.get("overall_score", interview.overall_score or 0),
        "passed": bool(result.get("passed")),
        "pass_threshold": result.get("pass_threshold"),
        "summary": result.get("summary", ""),
        "strengths": result.get("strengths", []),
        "improvements": result.get("improvements", []),
        "criteria": [{"name": criterion_label(name), "score": float(scores.get(name, 0))} for name in CRITERIA],
        "questions": [_question(item, answers.get(item.question_id)) for item in interview.questions],
        "history": [
            {"date": completed_at, "score": score}
            for completed_at, score in reversed(history)
            if completed_at and score is not None
        ],
    }


def tests_line(tests: dict[str, Any]) -> str:
    """A code answer's run in one sentence, for the PDF and the shared page alike."""
    return _("Tests: %(passed)s of %(total)s passed in %(runtime)s ms, %(memory)s KB of memory.") % {
        "passed": tests.get("passed", 0),
        "total": tests.get("total", 0),
        "runtime": tests.get("runtime_ms", 0),
        "memory": tests.get("memory_kb", 0),
    }


def _question(item: Any, answer: Answer | None) -> dict[str, Any]:
    evaluation = (answer.evaluation if answer else None) or {}
    metrics = (answer.speech_metrics if answer else None) or {}
    return {
        "order": item.order,
        "text": item.text,
        "reason": item.reason,
        "status": item.get_status_display(),
        "answer": (answer.answer_text or answer.code) if answer else "",
        "is_transcript": bool(answer and not answer.text and answer.transcript),
        "score": answer.score if answer else None,
        "evaluation_failed": bool(answer and answer.evaluation_status == Answer.EvaluationStatus.FAILED),
        "feedback": evaluation.get("feedback", ""),
        "covered": evaluation.get("covered_key_points", []),
        "missed": evaluation.get("missed_key_points", []),
        # Code answers: hidden tests passed, runtime and memory (None for other answers).
        "tests": tests_line(answer.code_result) if answer and answer.code_result else None,
        "speech": _speech_line(metrics) if metrics else None,
    }


def _speech_line(metrics: dict[str, Any]) -> str:
    """Only the figures that are known: no pace without the recording's duration, no pauses without word timings."""
    wpm, pauses = metrics.get("words_per_minute"), metrics.get("long_pauses")
    figures = {"wpm": round(wpm or 0), "fillers": metrics.get("filler_count") or 0, "pauses": pauses}
    if wpm is None:
        return _("Speech: %(fillers)s filler words.") % figures
    if pauses is None:
        return _("Speech: %(wpm)s words per minute, %(fillers)s filler words.") % figures
    return _("Speech: %(wpm)s words per minute, %(fillers)s filler words, %(pauses)s long pauses.") % figures
