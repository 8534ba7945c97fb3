"""The offline provider: a deterministic rubric, no network, no cost.

It is the default when no API key is configured and stands in while the model is unavailable; its
gate and rubric (ai.grading) are the yardstick the OpenAI provider's guardrails share. It grades
what it can verify in the text (key points, structure, specifics, length, delivery) and says so
plainly; it does not pretend to judge correctness it cannot check.
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
from ai.grading.feedback import gated_evaluation, review
from ai.grading.gate import check_gate
from ai.grading.scoring import grade
from ai.providers.base import AIProvider
from ai.providers.offline import coaching, code_review, generation, requirements, resume
from ai.rubric import RUBRIC_VERSION
from ai.types import (
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
        gate = check_gate(data.question, data.answer_text)
        evaluation = gated_evaluation(data, gate) if gate else self._graded(data)
        return replace(evaluation, provider=self.name, model=MODEL, prompt_version=PROMPT_VERSION)

    def _graded(self, data: EvaluationInput) -> Evaluation:
        graded = grade(data.question, data.answer_text, data.speech)
        written = review(
            graded.measures,
            question_type=data.question.type,
            level=data.question.level,
            score=graded.score,
            addressed_grader=graded.addressed_grader,
            language=data.language,
        )
        return Evaluation(
            score=graded.score,
            scores=graded.scores,
            strengths=written.strengths,
            improvements=written.improvements,
            feedback=written.feedback,
            covered_key_points=graded.measures.covered,
            missed_key_points=graded.measures.missed,
            star=graded.measures.star,
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
