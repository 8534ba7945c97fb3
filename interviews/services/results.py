"""Compiling an interview's result once every answer is evaluated."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from ai.types import CRITERIA
from interviews.models import Answer, Interview, InterviewQuestion
from interviews.report.content import criterion_label
from interviews.selectors import interview_result_cache_forget, user_stats_cache_forget
from interviews.services.notifications import results_ready_email_queue
from kernel.api.fields import parse_object_id
from questions.selectors import FALLBACK_LANGUAGE

PASS_THRESHOLDS = {"intern": 50, "junior": 60, "middle": 70, "senior": 75}
TOP_POINTS = 5


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
    # Compiled by a worker, outside any request: the summary is written in the candidate's language.
    with translation.override(interview.user.language or FALLBACK_LANGUAGE):
        result = _result_build(interview=interview, answers=answers)
    fields = {"status": Interview.Status.COMPLETED, "result": result, "overall_score": result["overall_score"]}
    # The first compilation (evaluating -> completed) happens once; it is the one the user hears about.
    first = Interview.objects.filter(pk=interview.pk, status=Interview.Status.EVALUATING).update(**fields)
    compiled = first or Interview.objects.filter(pk=interview.pk, status=Interview.Status.COMPLETED).update(**fields)
    if first:
        results_ready_email_queue(interview_id=interview.pk)
    interview_result_cache_forget(interview_id=interview.pk)  # a re-run replaces a served result
    user_stats_cache_forget(user_id=interview.user_id)
    return bool(compiled)


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
        "best": criterion_label(ranked[-1]).lower(),
        "worst": criterion_label(ranked[0]).lower(),
    }


def _per_question(*, item: InterviewQuestion, answer: Answer | None) -> dict[str, Any]:
    evaluation = answer.evaluation if answer else {}
    return {
        "question_id": str(item.question_id),
        "order": item.order,
        "text": item.text,
        "is_follow_up": item.is_follow_up,
        "reason": item.reason,
        "status": item.status,
        "answer_id": str(answer.pk) if answer else None,
        "evaluation_status": answer.evaluation_status if answer else None,
        "score": answer.score if answer else None,
        "scores": evaluation.get("scores", {}),
        "feedback": evaluation.get("feedback", ""),
        # Who produced the score: a provider's name, or "offline" standing in for a model that was down.
        "grader": evaluation.get("provider") or None,
        "is_fallback": bool(evaluation.get("is_fallback")),
        # Code answers: hidden tests passed, runtime and memory of the run (null for other answers).
        "tests": (answer.code_result or None) if answer else None,
    }
