"""The offline provider: a deterministic rubric, no network, no cost.

It is the fallback when no API key is configured and the yardstick the OpenAI provider's gate and
guardrails share. It grades what it can verify in the text (key points, structure, specifics,
length, delivery) and says so plainly; it does not pretend to judge correctness it cannot check.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from django.utils import translation

from ai.errors import TranscriptionUnavailable
from ai.events import report
from ai.gate import check_gate, gated_evaluation, without_grader_instructions
from ai.grading import signals
from ai.providers.base import AIProvider
from ai.providers.offline import coaching, code_review, generation, requirements, resume
from ai.providers.offline.feedback import review
from ai.providers.offline.measures import measure, with_semantic_key_points
from ai.providers.offline.scoring import criterion_scores
from ai.rubric import RUBRIC_VERSION, clamp, overall_score
from ai.types import (
    CRITERIA,
    ChatInput,
    ChatReply,
    CodeReview,
    CodeReviewInput,
    Evaluation,
    EvaluationInput,
    FollowUpInput,
    GeneratedQuestion,
    GenerationInput,
    JobRequirements,
    JobRequirementsInput,
    ResumeAnalysis,
    ResumeAnalysisInput,
    Roadmap,
    RoadmapInput,
    Transcript,
    TranscriptionInput,
    Usage,
)

MODEL = generation.MODEL
PROMPT_VERSION = "offline"

In = TypeVar("In")
Out = TypeVar("Out")


def _reported(method: Callable[[OfflineProvider, In], Out]) -> Callable[[OfflineProvider, In], Out]:
    """Report each call like a paid one (no tokens, no cost), so metrics and analytics count every provider's calls."""

    @functools.wraps(method)
    def call(self: OfflineProvider, data: In) -> Out:
        started = time.monotonic()
        result = method(self, data)
        latency_ms = (time.monotonic() - started) * 1000
        report(type(self), Usage(operation=method.__name__, provider=self.name, model=MODEL, latency_ms=latency_ms))
        return result

    return call


class OfflineProvider(AIProvider):
    name = "offline"

    @_reported
    def evaluate_answer(self, data: EvaluationInput) -> Evaluation:
        return self.rubric_evaluation(data)

    def rubric_evaluation(self, data: EvaluationInput) -> Evaluation:
        """The rubric's evaluation, unreported: the OpenAI provider's yardstick is not a provider call."""
        gate = check_gate(data.question, data.answer_text)
        evaluation = gated_evaluation(data, gate) if gate else self._graded(data)
        return replace(evaluation, provider=self.name, model=MODEL, prompt_version=PROMPT_VERSION)

    def _graded(self, data: EvaluationInput) -> Evaluation:
        # Sentences aimed at the grader are not interview content: they neither earn nor cost points.
        text, addressed_grader = without_grader_instructions(data.answer_text)
        semantic = signals(data.question, text)
        measures = with_semantic_key_points(measure(data.question, text, data.speech), semantic)
        raw = criterion_scores(measures, data.question.level, content=semantic.grade, coherence=semantic.coherence)
        scores = {name: clamp(raw[name]) for name in CRITERIA}
        score = overall_score(scores)
        with translation.override(data.language):
            written = review(
                measures,
                question_type=data.question.type,
                level=data.question.level,
                score=score,
                addressed_grader=addressed_grader,
            )
        return Evaluation(
            score=score,
            scores=scores,
            strengths=written.strengths,
            improvements=written.improvements,
            feedback=written.feedback,
            covered_key_points=measures.covered,
            missed_key_points=measures.missed,
            star=measures.star,
            rubric_version=RUBRIC_VERSION,
        )

    @_reported
    def review_code(self, data: CodeReviewInput) -> CodeReview:
        with translation.override(data.language):
            review = code_review.review_code(data)
        return replace(review, provider=self.name, model=MODEL, prompt_version=PROMPT_VERSION)

    @_reported
    def generate_questions(self, data: GenerationInput) -> list[GeneratedQuestion]:
        with translation.override(data.language):
            return generation.generate_questions(data)

    @_reported
    def generate_follow_up(self, data: FollowUpInput) -> GeneratedQuestion:
        with translation.override(data.language):
            return generation.generate_follow_up(data)

    def transcribe(self, data: TranscriptionInput) -> Transcript:
        raise TranscriptionUnavailable("the offline provider cannot transcribe audio; configure OPENAI_API_KEY")

    @_reported
    def analyze_resume(self, data: ResumeAnalysisInput) -> ResumeAnalysis:
        with translation.override(data.language):
            analysis = resume.analyze_resume(data)
        return replace(analysis, provider=self.name, model=MODEL, prompt_version=PROMPT_VERSION)

    @_reported
    def plan_roadmap(self, data: RoadmapInput) -> Roadmap:
        with translation.override(data.language):
            roadmap = coaching.plan_roadmap(data)
        return replace(roadmap, provider=self.name, model=MODEL, prompt_version=PROMPT_VERSION)

    @_reported
    def extract_requirements(self, data: JobRequirementsInput) -> JobRequirements:
        return replace(
            requirements.extract_requirements(data), provider=self.name, model=MODEL, prompt_version=PROMPT_VERSION
        )

    @_reported
    def coach_reply(self, data: ChatInput) -> ChatReply:
        with translation.override(data.language):
            reply = coaching.coach_reply(data)
        return replace(reply, provider=self.name, model=MODEL, prompt_version=PROMPT_VERSION)
