"""What a user may do now, and their billing history.

``entitlements_for`` is the one function every plan gate asks (interview
starts, question generation, coaching). The plan part is cached in Redis and
invalidated by webhooks and grants; usage of the weekly allowance is read live.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.utils import timezone
from djstripe.models import Invoice, Subscription

from billing.errors import PlanRequired
from billing.models import BillingAccount, Plan, PremiumGrant
from billing.plans import FREE, PREMIUM, TIER_FEATURES, default_plans
from kernel.cache import cached, version_bump, versioned_key

T = TypeVar("T")

logger = logging.getLogger(__name__)

# Stripe statuses that keep premium: past_due is the dunning grace period
# while Stripe retries the card; it ends in "canceled" or "unpaid".
PREMIUM_STATUSES = frozenset({"active", "trialing", "past_due"})
ALLOWANCE_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class PlanInfo:
    code: str
    name: str
    tier: str
    weekly_interview_limit: int
    features: frozenset[str]
    weekly_second_chance_limit: int = 0


@dataclass(frozen=True)
class Entitlements:
    plan: PlanInfo
    status: str  # "free", a Stripe subscription status, or "complimentary"
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


def _plan_info(plan: Plan) -> PlanInfo:
    return PlanInfo(
        code=plan.code,
        name=plan.name,
        tier=plan.tier,
        weekly_interview_limit=plan.weekly_interview_limit,
        features=frozenset(plan.features) | TIER_FEATURES[plan.tier],
        weekly_second_chance_limit=plan.weekly_second_chance_limit,
    )


def _default_plan(tier: str) -> PlanInfo:
    """The seeded defaults, for a database that has not been seeded (or lost a row)."""
    defaults = next(plan for plan in default_plans() if plan.tier == tier)
    return PlanInfo(
        defaults.code,
        defaults.name,
        tier,
        defaults.weekly_interview_limit,
        TIER_FEATURES[tier],
        defaults.weekly_second_chance_limit,
    )


def plan_for_tier(*, tier: str, stripe_price_id: str = "") -> PlanInfo:
    plans = Plan.objects.filter(tier=tier, is_active=True)
    plan = (stripe_price_id and plans.filter(stripe_price_id=stripe_price_id).first()) or plans.first()
    return _plan_info(plan) if plan else _default_plan(tier)


def plans_public() -> list[Plan]:
    return list(Plan.objects.filter(is_active=True))


def plan_get_for_checkout(*, code: str) -> Plan | None:
    """A purchasable plan by code; "premium" means the monthly one."""
    plans = Plan.objects.filter(is_active=True, tier=PREMIUM)
    if code == PREMIUM:
        return plans.filter(interval="month").first()
    return plans.filter(code=code).first()


def _timestamp(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def subscription_period_end(data: dict[str, Any]) -> datetime | None:
    """Stripe moved the billing period from the subscription to its items in 2025; read either."""
    items = (data.get("items") or {}).get("data") or []
    return _timestamp(items[0].get("current_period_end") if items else None) or _timestamp(
        data.get("current_period_end")
    )


def _subscription_price_id(data: dict[str, Any]) -> str:
    items = (data.get("items") or {}).get("data") or []
    return str(((items[0].get("price") or {}).get("id") if items else "") or "")


def current_subscription(*, user_id: str) -> Subscription | None:
    """The user's subscription that keeps them premium now, if any."""
    now = timezone.now()
    candidates = Subscription.objects.filter(customer__subscriber__user_id=user_id).order_by("-created")
    for subscription in candidates:
        data = subscription.stripe_data
        period_end = subscription_period_end(data)
        if data.get("status") in PREMIUM_STATUSES and (period_end is None or period_end > now):
            return subscription
    return None


# Cached entitlements and the public plan list hang off one version of the plan
# table, so a plan edit invalidates both at once.
PLANS_CACHE = "billing:plans"


def _cache_key(user_id: str) -> str:
    return versioned_key(PLANS_CACHE, "entitlements", user_id)


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


def _plan_state(*, user: Any) -> dict[str, Any]:
    """Plan, status and period, from grants and Stripe subscriptions (cached)."""
    user_id = str(user.pk)
    cached = cache.get(_cache_key(user_id))
    if cached is not None:
        return dict(cached)
    state: dict[str, Any]
    subscription = current_subscription(user_id=user_id)
    grant = (
        PremiumGrant.objects.filter(
            user_id=user_id, revoked_at__isnull=True, starts_at__lte=timezone.now(), ends_at__gt=timezone.now()
        )
        .order_by("-ends_at")
        .first()
    )
    if subscription is not None:
        data = subscription.stripe_data
        state = {
            "plan": plan_for_tier(tier=PREMIUM, stripe_price_id=_subscription_price_id(data)),
            "status": data.get("status", "active"),
            "current_period_end": subscription_period_end(data),
            "cancel_at_period_end": bool(data.get("cancel_at_period_end")),
        }
    elif grant is not None:
        state = {"plan": _plan_info(grant.plan), "status": "complimentary", "current_period_end": grant.ends_at}
    elif getattr(user, "is_staff", False):
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


def entitlements_for(*, user: Any) -> Entitlements:
    """What ``user`` may do now and how much of the weekly allowance is left."""
    from interviews.selectors import weekly_starts  # interviews asks billing for limits; import lazily

    starts = weekly_starts(user=user)
    return Entitlements(
        **_plan_state(user=user),
        interviews_used_this_week=len(starts),
        resets_at=starts[0] + ALLOWANCE_WINDOW if starts else None,
    )


def plan_for(*, user: Any) -> PlanInfo:
    """Just the plan, from the cached plan state (no usage lookup): for lists and profiles."""
    plan: PlanInfo = _plan_state(user=user)["plan"]
    return plan


def plan_tier_for(*, user: Any) -> str:
    """The plan tier the account API shows (settings.ACCOUNTS_PLAN_TIER_READER names this function)."""
    return plan_for(user=user).tier


def entitlements_cached_forget(*, user_id: str) -> None:
    cache.delete(_cache_key(user_id))


def feature_require(*, user: Any, feature: str) -> Entitlements:
    """The gate for plan features: 403 ``plan_required`` naming the plan that unlocks it."""
    entitlements = entitlements_for(user=user)
    if not entitlements.allows(feature):
        raise PlanRequired(details={"feature": feature, "required_plan": PREMIUM})
    return entitlements


def user_ids_on_plan(*, plan_code: str) -> list[Any] | None:
    """Ids (ObjectId strings) of users on the premium tier now, for the admin's plan filter;
    None for "free" means "everyone else"."""
    if plan_code == FREE:
        return None
    from bson import ObjectId

    paying = {
        str(row["customer__subscriber__user_id"])
        for row in Subscription.objects.filter(customer__subscriber__isnull=False).values(
            "customer__subscriber__user_id", "stripe_data"
        )
        if row["stripe_data"].get("status") in PREMIUM_STATUSES
    }
    granted = set(
        PremiumGrant.objects.filter(revoked_at__isnull=True, ends_at__gt=timezone.now()).values_list(
            "user_id", flat=True
        )
    )
    return [ObjectId(user_id) for user_id in paying | granted]


def payments_for(*, user_id: str) -> list[Invoice]:
    """The user's invoices, newest first (amount, currency, status, period)."""
    return list(Invoice.objects.filter(customer__subscriber__user_id=user_id).order_by("-created"))


def billing_account_get(*, user_id: str) -> BillingAccount | None:
    return BillingAccount.objects.filter(user_id=user_id).first()
