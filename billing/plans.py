"""The plans, as data. Billing's issue maps them to Stripe Prices and makes them admin-editable."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

FREE = "free"
PREMIUM = "premium"


class Feature:
    QUESTION_GENERATION = "question_generation"
    RESUME_ANALYSIS = "resume_analysis"
    ROADMAP = "roadmap"
    CHAT_COACH = "chat_coach"


@dataclass(frozen=True)
class Plan:
    code: str
    name: str
    weekly_interview_limit: int
    features: frozenset[str]


def free_plan() -> Plan:
    return Plan(code=FREE, name="Free", weekly_interview_limit=settings.FREE_WEEKLY_INTERVIEWS, features=frozenset())


ALL_FEATURES = frozenset({Feature.QUESTION_GENERATION, Feature.RESUME_ANALYSIS, Feature.ROADMAP, Feature.CHAT_COACH})


def premium_plan() -> Plan:
    return Plan(
        code=PREMIUM, name="Premium", weekly_interview_limit=settings.PREMIUM_WEEKLY_INTERVIEWS, features=ALL_FEATURES
    )
