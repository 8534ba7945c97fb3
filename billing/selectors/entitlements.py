"""What a user may do now: their plan (from a subscription, a grant, staff status or the free
tier; cached in Redis, invalidated by webhooks, grants and plan edits) and, for the weekly
allowance, how much of it is used (read live from the usage counters)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from accounts.models import User
from billing.errors import PlanRequired
from billing.plans import FREE, PREMIUM, WEEK
from billing.selectors.plans import PLANS_CACHE, PlanInfo, plan_for_tier, plan_info
from billing.selectors.stripe_payloads import subscription_period_end, subscription_price_id
from billing.selectors.subscriptions import current_grant, current_subscription
from billing.selectors.usage import interview_starts
from kernel.cache import versioned_key


@dataclass(frozen=True)
class Entitlements:
    plan: PlanInfo
    status: str  # "free", a Stripe subscription status, "complimentary" or "staff"
    current_period_end: datetime | None = None
    cancel_at_period_end: bool = False
    interviews_used_this_week: int = 0
    resets_at: datetime | None = None

    @property
    def plan_code(self) -> str:
        return self.plan.code

    @property
    def tier(self) -> str:
        return self.plan.tier

    @property
    def interviews_left_this_week(self) -> int:
        return max(0, self.plan.weekly_interview_limit - self.interviews_used_this_week)

    def allows(self, feature: str) -> bool:
        return feature in self.plan.features


def _cache_key(user_id: str) -> str:
    return versioned_key(PLANS_CACHE, "plan-state", user_id)


def plan_state(*, user: User) -> dict[str, Any]:
    """Plan, status and period, from Stripe subscriptions, grants and staff status (cached)."""
    user_id = str(user.pk)
    hit = cache.get(_cache_key(user_id))
    if hit is not None:
        return dict(hit)
    state: dict[str, Any]
    subscription = current_subscription(user_id=user_id)
    grant = current_grant(user_id=user_id)
    if subscription is not None:
        data = subscription.stripe_data
        state = {
            "plan": plan_for_tier(tier=PREMIUM, stripe_price_id=subscription_price_id(data)),
            "status": data.get("status", "active"),
            "current_period_end": subscription_period_end(data),
            "cancel_at_period_end": bool(data.get("cancel_at_period_end")),
        }
    elif grant is not None:
        state = {"plan": plan_info(grant.plan), "status": "complimentary", "current_period_end": grant.ends_at}
    elif user.is_staff:
        # Staff curate the bank with AI generation and try every feature.
        state = {"plan": plan_for_tier(tier=PREMIUM), "status": "staff"}
    else:
        state = {"plan": plan_for_tier(tier=FREE), "status": FREE}
    ends = state.get("current_period_end")
    timeout = settings.BILLING_ENTITLEMENTS_CACHE_SECONDS
    if ends is not None:  # never serve premium from the cache past its end
        timeout = max(1, min(timeout, int((ends - timezone.now()).total_seconds())))
    cache.set(_cache_key(user_id), state, timeout=timeout)
    return state


def entitlements_with(*, state: dict[str, Any], starts: list[datetime]) -> Entitlements:
    """Entitlements from a plan state and the interview starts of the rolling week (oldest first)."""
    return Entitlements(**state, interviews_used_this_week=len(starts), resets_at=starts[0] + WEEK if starts else None)


def entitlements_for(*, user: User) -> Entitlements:
    """What ``user`` may do now and how much of the weekly allowance is left."""
    return entitlements_with(state=plan_state(user=user), starts=interview_starts(user=user, now=timezone.now()))


def plan_for(*, user: User) -> PlanInfo:
    """Just the plan, from the cached plan state (no usage lookup): for gates, lists and profiles."""
    plan: PlanInfo = plan_state(user=user)["plan"]
    return plan


def plan_tier_for(*, user: User) -> str:
    """The plan tier the account API shows (settings.ACCOUNTS_PLAN_TIER_READER names this function)."""
    return plan_for(user=user).tier


def entitlements_cached_forget(*, user_id: str) -> None:
    cache.delete(_cache_key(user_id))


def feature_require(*, user: User, feature: str) -> None:
    """The gate for plan features: 403 ``plan_required`` naming the plan that unlocks it."""
    plan_features_require(plan=plan_for(user=user), features=(feature,))


def plan_features_require(*, plan: PlanInfo, features: Iterable[str]) -> None:
    """403 ``plan_required`` for the first of ``features`` that ``plan`` lacks."""
    for feature in features:
        if feature not in plan.features:
            raise PlanRequired(details={"feature": feature, "required_plan": PREMIUM})
