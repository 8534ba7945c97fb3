"""Plans as data: the defaults every installation starts from (staff edit them in
the admin afterwards) and the features a plan tier unlocks."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

FREE = "free"
PREMIUM = "premium"


class Feature:
    QUESTION_GENERATION = "question_generation"
    RESUME_ANALYSIS = "resume_analysis"
    ROADMAP = "roadmap"
    CHAT_COACH = "chat_coach"


ALL_FEATURES = frozenset({Feature.QUESTION_GENERATION, Feature.RESUME_ANALYSIS, Feature.ROADMAP, Feature.CHAT_COACH})
TIER_FEATURES = {FREE: frozenset[str](), PREMIUM: ALL_FEATURES}


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
    stripe_price_id: str = ""
    features: tuple[str, ...] = field(default=())


def default_plans() -> list[PlanDefaults]:
    """Seeded once into billing.Plan; limits and Stripe Prices come from settings."""
    premium_features = tuple(sorted(ALL_FEATURES))
    return [
        PlanDefaults(
            "free", "Free", FREE, "0.00", "usd", "", settings.FREE_WEEKLY_INTERVIEWS,
            settings.FREE_WEEKLY_SECOND_CHANCES,
        ),
        PlanDefaults(
            "premium_monthly", "Premium (monthly)", PREMIUM, "19.00", "usd", "month",
            settings.PREMIUM_WEEKLY_INTERVIEWS, settings.PREMIUM_WEEKLY_SECOND_CHANCES,
            settings.STRIPE_PRICE_PREMIUM_MONTHLY, premium_features,
        ),
        PlanDefaults(
            "premium_yearly", "Premium (yearly)", PREMIUM, "190.00", "usd", "year",
            settings.PREMIUM_WEEKLY_INTERVIEWS, settings.PREMIUM_WEEKLY_SECOND_CHANCES,
            settings.STRIPE_PRICE_PREMIUM_YEARLY, premium_features,
        ),
    ]  # fmt: skip
