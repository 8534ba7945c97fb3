"""Plans as data: the defaults every installation starts from. Staff edit the seeded plans in the
admin afterwards; a plan's limits and features are then only what its row says."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings

FREE = "free"
PREMIUM = "premium"

# The rolling window of the weekly limits (interview starts, second chances); the daily one is the UTC day.
WEEK = timedelta(days=7)


class Feature:
    QUESTION_GENERATION = "question_generation"
    RESUME_ANALYSIS = "resume_analysis"
    ROADMAP = "roadmap"
    CHAT_COACH = "chat_coach"


ALL_FEATURES = frozenset({Feature.QUESTION_GENERATION, Feature.RESUME_ANALYSIS, Feature.ROADMAP, Feature.CHAT_COACH})


@dataclass(frozen=True)
class PlanDefaults:
    code: str
    name: str
    tier: str
    price: str  # decimal string, in currency units
    currency: str
    interval: str  # "", "month" or "year"
    weekly_interview_limit: int
    weekly_second_chance_limit: int
    daily_chat_message_limit: int
    stripe_price_id: str = ""
    features: tuple[str, ...] = field(default=())


def default_plans() -> list[PlanDefaults]:
    """Seeded once into billing.Plan; limits and Stripe Prices come from settings."""
    premium_features = tuple(sorted(ALL_FEATURES))
    chat = settings.COACH_DAILY_MESSAGES
    return [
        PlanDefaults(
            "free", "Free", FREE, "0.00", "usd", "", settings.FREE_WEEKLY_INTERVIEWS,
            settings.FREE_WEEKLY_SECOND_CHANCES, chat,
        ),
        PlanDefaults(
            "premium_monthly", "Premium (monthly)", PREMIUM, "19.00", "usd", "month",
            settings.PREMIUM_WEEKLY_INTERVIEWS, settings.PREMIUM_WEEKLY_SECOND_CHANCES, chat,
            settings.STRIPE_PRICE_PREMIUM_MONTHLY, premium_features,
        ),
        PlanDefaults(
            "premium_yearly", "Premium (yearly)", PREMIUM, "190.00", "usd", "year",
            settings.PREMIUM_WEEKLY_INTERVIEWS, settings.PREMIUM_WEEKLY_SECOND_CHANCES, chat,
            settings.STRIPE_PRICE_PREMIUM_YEARLY, premium_features,
        ),
    ]  # fmt: skip
