"""Code answers: running them on a question's visible examples, and grading them on its hidden tests.

Correctness is the share of hidden tests passed; quality is the mean of the offline static analysis
(sandbox.quality) and the AI provider's review. The score is mostly correctness, and quality counts
only in proportion to it, so code that passes nothing scores 0 however tidy it is:

    score = 70% * correctness + 30% * quality * correctness / 100

Feedback names failing hidden tests by number and kind, never by their inputs.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from ai import get_provider
from ai.errors import ProviderUnavailable
from ai.rubric import clamp
from ai.types import CRITERIA, CodeReviewInput, Evaluation
from interviews.errors import QuestionNotInInterview
from interviews.models import Answer, Interview
from kernel.api import ratelimit
from kernel.api.fields import parse_object_id
from kernel.errors import ValidationFailed
from questions import coding
from questions.models import Question
from questions.selectors import question_get
from sandbox import Judgement, Verdict, quality

RUBRIC_VERSION = "code-v1"
CORRECTNESS_WEIGHT = 0.7
FAILING_NAMED = 5  # failing hidden tests listed in the feedback


def coding_question_for(*, interview: Interview, question_id: Any) -> Question:
    """The interview's question behind ``question_id``; 404 unless it belongs to the interview."""
    object_id = parse_object_id(question_id)
    if object_id is None or all(item.question_id != object_id for item in interview.questions):
        raise QuestionNotInInterview()
    return question_get(question_id=object_id, staff=True)


def code_answer_validate(*, question: Question, language: str, code: str, text: str) -> None:
    """A coding question takes code in a supported language and no prose; any other question takes no code."""
    if not question.is_code:
        if code:
            raise ValidationFailed(details={"code": [_("This question takes a text or audio answer, not code.")]})
        return
    problems: dict[str, list[str]] = {}
    if not code.strip():
        problems["code"] = [_("Send your solution as code for this coding question.")]
    if language not in coding.LANGUAGES:
        problems["language"] = [_("Choose one of: %(languages)s.") % {"languages": ", ".join(coding.LANGUAGES)}]
    if text.strip():
        problems["text"] = [_("A coding question is answered with code only.")]
    if problems:
        raise ValidationFailed(details=problems)


def code_run(*, user: User, interview: Interview, question_id: Any, language: str, code: str) -> dict[str, Any]:
    """Run the candidate's code on the question's visible examples (nothing is stored)."""
    ratelimit.enforce(group="code:run", value=str(user.pk), rate=settings.RATELIMIT_CODE_RUN_PER_USER)
    question = coding_question_for(interview=interview, question_id=question_id)
    if not question.is_code:
        raise ValidationFailed(details={"question_id": [_("Only coding questions can be run.")]})
    code_answer_validate(question=question, language=language, code=code, text="")
    examples = question.coding["examples"]
    judgement = coding.code_judge(spec=question.coding, language=language, code=code, cases=examples)
    return {
        **_summary(judgement),
        "cases": [
            {
                "index": case.index,
                "input": examples[case.index]["args"],
                "expected": examples[case.index]["expected"],
                "output": case.actual,
                "passed": case.passed,
                "error": case.error,
                "runtime_ms": case.ms,
            }
            for case in judgement.cases
        ],
        "stdout": judgement.stderr,
    }


def code_evaluation(*, answer: Answer) -> Evaluation:
    """Grade a code answer: hidden tests in the sandbox worker, static analysis here, a review by the AI provider.

    The run's outcome is stored on the answer at once: it is a fact about the code, whatever becomes
    of the evaluation. A sandbox that does not answer in time is an unavailable provider: the
    evaluation task retries it with backoff and marks the answer failed after the last attempt.
    """
    question = answer.question
    spec = question.coding
    try:
        judgement = coding.code_judge(spec=spec, language=answer.code_language, code=answer.code, cases=spec["tests"])
    except coding.SandboxUnavailable as exc:
        raise ProviderUnavailable("sandbox: no result in time") from exc
    answer.code_result = _summary(judgement)
    Answer.objects.filter(pk=answer.pk).update(code_result=answer.code_result)

    static = quality.analyse(language=answer.code_language, code=answer.code)
    correctness = 100 * judgement.passed / judgement.total if judgement.total else 0
    language = answer.user.language or question.language
    with translation.override(language):
        failing = _failing(judgement)
    review = get_provider().review_code(
        CodeReviewInput(
            question=question.as_spec(),
            programming_language=answer.code_language,
            code=answer.code,
            tests_passed=judgement.passed,
            tests_total=judgement.total,
            failing=tuple(failing),
            findings=static.findings,
            complexity=static.complexity,
            static_score=static.score,
            language=language,
        )
    )
    code_quality = (static.score + review.score) / 2
    score = clamp(CORRECTNESS_WEIGHT * correctness + (1 - CORRECTNESS_WEIGHT) * code_quality * correctness / 100)
    with translation.override(language):
        outcome = _("Hidden tests passed: %(passed)d of %(total)d (%(verdict)s).") % {
            "passed": judgement.passed,
            "total": judgement.total,
            "verdict": judgement.verdict,
        }
    # The rubric's criteria, read for code: does it solve the task (relevance, accuracy), how is it
    # built (structure: static analysis), how does it read (clarity: the review), and how surely (both).
    scores = {
        "relevance": clamp(correctness),
        "technical_accuracy": clamp(correctness),
        "structure": static.score,
        "clarity": review.score,
        "confidence": clamp(code_quality * correctness / 100),
    }
    return Evaluation(
        score=score,
        scores={name: scores[name] for name in CRITERIA},
        strengths=review.strengths,
        improvements=(*failing, *review.improvements),
        feedback=f"{outcome} {review.feedback}".strip(),
        provider=review.provider,
        model=review.model,
        prompt_version=review.prompt_version,
        rubric_version=RUBRIC_VERSION,
    )


def _summary(judgement: Judgement) -> dict[str, Any]:
    """What a candidate may see of a run: counts, verdict, figures, and which case failed first."""
    return {
        "verdict": judgement.verdict,
        "passed": judgement.passed,
        "total": judgement.total,
        "first_failure": judgement.first_failure,
        "detail": judgement.detail,
        "runtime_ms": judgement.runtime_ms,
        "memory_kb": judgement.memory_kb,
    }


def _failing(judgement: Judgement) -> list[str]:
    """Failing hidden tests by number and kind; their inputs stay hidden."""
    if judgement.verdict not in (Verdict.PASSED, Verdict.FAILED, Verdict.RUNTIME_ERROR, Verdict.MEMORY):
        return [
            _("The run stopped: %(verdict)s (%(detail)s).") % {"verdict": judgement.verdict, "detail": judgement.detail}
        ]
    named = []
    for case in judgement.cases:
        if case.passed:
            continue
        kind = case.error.split(":")[0] if case.error else _("wrong answer")
        named.append(_("Hidden test %(number)d: %(kind)s.") % {"number": case.index + 1, "kind": kind})
    extra = len(named) - FAILING_NAMED
    return named[:FAILING_NAMED] + ([_("... and %(count)d more.") % {"count": extra}] if extra > 0 else [])
