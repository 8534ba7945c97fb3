"""The AI layer: the only package that talks to a language model.

Callers use ``get_provider()`` and the types re-exported here; which provider answers is a
setting (AI_PROVIDER), so nothing outside this package imports a vendor SDK.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils.module_loading import import_string

from ai.errors import (
    AIError,
    CircuitOpen,
    InvalidModelOutput,
    ProviderRejected,
    ProviderUnavailable,
    TranscriptionUnavailable,
)
from ai.events import ai_call_finished
from ai.providers.base import AIProvider
from ai.speech import speech_metrics
from ai.types import (
    CRITERIA,
    ChatInput,
    ChatMessage,
    ChatReply,
    CoachFacts,
    CodeReview,
    CodeReviewInput,
    Evaluation,
    EvaluationInput,
    FollowUpInput,
    GeneratedQuestion,
    GenerationInput,
    JobRequirements,
    JobRequirementsInput,
    QuestionSpec,
    ResumeAnalysis,
    ResumeAnalysisInput,
    Roadmap,
    RoadmapInput,
    RoadmapItem,
    RoleProfile,
    SkillTerm,
    SpeechMetrics,
    StarBreakdown,
    Transcript,
    TranscriptionInput,
    Usage,
    Word,
)

__all__ = [
    "CRITERIA",
    "ChatInput",
    "ChatMessage",
    "ChatReply",
    "CoachFacts",
    "CodeReview",
    "CodeReviewInput",
    "ResumeAnalysis",
    "ResumeAnalysisInput",
    "RoleProfile",
    "Roadmap",
    "RoadmapInput",
    "RoadmapItem",
    "SkillTerm",
    "AIError",
    "CircuitOpen",
    "AIProvider",
    "Evaluation",
    "EvaluationInput",
    "FollowUpInput",
    "GeneratedQuestion",
    "GenerationInput",
    "InvalidModelOutput",
    "JobRequirements",
    "JobRequirementsInput",
    "ProviderRejected",
    "ProviderUnavailable",
    "QuestionSpec",
    "SpeechMetrics",
    "StarBreakdown",
    "Transcript",
    "TranscriptionInput",
    "TranscriptionUnavailable",
    "Usage",
    "Word",
    "ai_call_finished",
    "get_provider",
    "offline_provider",
    "speech_metrics",
]


@functools.lru_cache(maxsize=4)
def _provider(dotted_path: str) -> AIProvider:
    provider_class = import_string(dotted_path)
    if not (isinstance(provider_class, type) and issubclass(provider_class, AIProvider)):
        raise TypeError(f"AI_PROVIDER {dotted_path!r} is not an AIProvider subclass")
    return provider_class()


def get_provider() -> AIProvider:
    """The provider named by settings.AI_PROVIDER; one instance per setting value, so overrides take effect."""
    return _provider(settings.AI_PROVIDER)


def offline_provider() -> AIProvider:
    """The offline grader, which stands in for a language-model provider while that one is unavailable."""
    return _provider("ai.providers.offline.OfflineProvider")
