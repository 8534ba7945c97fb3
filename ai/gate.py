"""What the gate's verdicts say to the user, by both providers.

An empty answer, a copy of the question or an answer about something else (ai.grading.gate) gets the
same honest, low evaluation whoever grades it, and the OpenAI provider skips the paid call for it.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from ai.grading.gate import COPIED, EMPTY, GATE_SCORES, OFF_TOPIC
from ai.rubric import RUBRIC_VERSION
from ai.types import CRITERIA, Evaluation, EvaluationInput


def gated_evaluation(data: EvaluationInput, gate: str) -> Evaluation:
    """The evaluation of an answer that failed the gate: low on every criterion, no invented strengths."""
    with translation.override(data.language):
        feedback, improvement = {
            EMPTY: (
                _("The answer is empty or too short to evaluate."),
                _("Answer in a few full sentences: state your main point, then support it with an example."),
            ),
            COPIED: (
                _("The answer repeats the question instead of answering it."),
                _("Do not restate the question; answer it directly, then explain and give an example."),
            ),
            OFF_TOPIC: (
                _("The answer does not address the question: it shares no key terms with what was asked."),
                _("Re-read the question and answer what it asks, using its key terms."),
            ),
        }[gate]
    score = GATE_SCORES[gate]
    return Evaluation(
        score=score,
        scores=dict.fromkeys(CRITERIA, score),
        strengths=(),
        improvements=(improvement,),
        feedback=feedback,
        missed_key_points=data.question.key_points,
        gate=gate,
        rubric_version=RUBRIC_VERSION,
    )


def grader_instructions_note() -> str:
    """The improvement shown when an answer addressed the grader; call inside translation.override."""
    return _("Instructions addressed to the grader were ignored; only the interview content was graded.")
