"""Plan rules: the plan a tier or Stripe Price means, the public plan list and its cache.

A plan's limits and features are its row's columns and nothing else (staff edit them in the
admin); the seeded defaults stand in only for a database that has no row for a tier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches

from billing.models import Plan
from billing.plans import PREMIUM, PlanDefaults, default_plans
from kernel.cache import cached, version_bump, versioned_key

T = TypeVar("T")


@dataclass(frozen=True)
class PlanInfo:
    code: str
    name: str
    tier: str
    weekly_interview_limit: int
    weekly_second_chance_limit: int
    daily_chat_message_limit: int
    features: frozenset[str]


def plan_info(plan: Plan | PlanDefaults) -> PlanInfo:
    """A plan row, or the seeded defaults for a database that has no row for a tier (or lost one)."""
    return PlanInfo(
        code=plan.code,
        name=plan.name,
        tier=plan.tier,
        weekly_interview_limit=plan.weekly_interview_limit,
        weekly_second_chance_limit=plan.weekly_second_chance_limit,
        daily_chat_message_limit=plan.daily_chat_message_limit,
        features=frozenset(plan.features),
    )


def plan_for_tier(*, tier: str, stripe_price_id: str = "") -> PlanInfo:
    plans = Plan.objects.filter(tier=tier, is_active=True)
    plan = (stripe_price_id and plans.filter(stripe_price_id=stripe_price_id).first()) or plans.first()
    return plan_info(plan or next(defaults for defaults in default_plans() if defaults.tier == tier))


def plans_public() -> list[Plan]:
    return list(Plan.objects.filter(is_active=True))


def plan_get_for_checkout(*, code: str) -> Plan | None:
    """A purchasable plan by code; "premium" means the monthly one."""
    plans = Plan.objects.filter(is_active=True, tier=PREMIUM)
    if code == PREMIUM:
        return plans.filter(interval="month").first()
    return plans.filter(code=code).first()


# Cached plan states (billing.selectors.entitlements) and the public plan list hang off one
# version of the plan table, so a plan edit invalidates both at once.
PLANS_CACHE = "billing:plans"

# The public plan list is tiny, public and read by every pricing page, and one in-process SQLite
# query is cheaper than the Redis round trips of its versioned key: each web process keeps it in
# memory for a few seconds as well, so a plan edit reaches the process that made it at once and
# every other process within PLANS_LOCAL_SECONDS.
PLANS_LOCAL_SECONDS = 5
_PLANS_LOCAL_KEY = "billing:plans:public"


def plans_public_cached(*, serialize: Callable[[list[Plan]], T]) -> T:
    """``serialize(plans_public())``, cached in this process and in Redis until a plan changes."""

    def shared() -> T:
        return cached(
            versioned_key(PLANS_CACHE, "public"),
            lambda: serialize(plans_public()),
            timeout=settings.API_CACHE_SECONDS,
        )

    return cached(_PLANS_LOCAL_KEY, shared, timeout=PLANS_LOCAL_SECONDS, using="local")


def plans_cache_forget() -> None:
    version_bump(PLANS_CACHE)
    caches["local"].delete(_PLANS_LOCAL_KEY)
