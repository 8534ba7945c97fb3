"""The one small interface every AI provider implements."""

from __future__ import annotations

from abc import ABC, abstractmethod

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
)


class AIProvider(ABC):
    name: str = ""
    # A provider backed by a remote language model: while it is unavailable the offline grader scores
    # answers in its place (marked is_fallback) and the model re-grades them once it is back.
    offline_fallback: bool = False

    def available(self) -> bool:
        """False while the provider is known to be down (its circuit breaker is open)."""
        return True

    @abstractmethod
    def evaluate_answer(self, data: EvaluationInput) -> Evaluation: ...

    @abstractmethod
    def review_code(self, data: CodeReviewInput) -> CodeReview:
        """Judge the quality of code whose correctness the sandbox has measured; never see hidden inputs."""

    @abstractmethod
    def generate_questions(self, data: GenerationInput) -> list[GeneratedQuestion]: ...

    @abstractmethod
    def generate_follow_up(self, data: FollowUpInput) -> GeneratedQuestion: ...

    @abstractmethod
    def transcribe(self, data: TranscriptionInput) -> Transcript:
        """Raise ai.errors.TranscriptionUnavailable when the provider cannot."""

    @abstractmethod
    def analyze_resume(self, data: ResumeAnalysisInput) -> ResumeAnalysis: ...

    @abstractmethod
    def plan_roadmap(self, data: RoadmapInput) -> Roadmap: ...

    @abstractmethod
    def extract_requirements(self, data: JobRequirementsInput) -> JobRequirements:
        """The skills, seniority and domain a job asks for; skills named as in ``data.vocabulary`` where one fits."""

    @abstractmethod
    def coach_reply(self, data: ChatInput) -> ChatReply:
        """Answer only from ``data.facts`` and the conversation; never invent results."""
