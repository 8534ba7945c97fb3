"""What a user may do now: the one function every plan gate asks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from billing.errors import PlanRequired
from billing.plans import Plan, free_plan, premium_plan


@dataclass(frozen=True)
class Entitlements:
    plan: Plan

    @property
    def plan_code(self) -> str:
        return self.plan.code

    def allows(self, feature: str) -> bool:
        return feature in self.plan.features


def entitlements_for(*, user: Any) -> Entitlements:
    """Staff work on the premium plan (they curate the bank with AI generation);
    everyone else is on the free plan until billing adds paid plans."""
    if getattr(user, "is_staff", False):
        return Entitlements(plan=premium_plan())
    return Entitlements(plan=free_plan())


def user_ids_on_plan(*, plan_code: str) -> list[Any] | None:
    """Ids of users on ``plan_code``, or None meaning "everyone" (no paid plans yet)."""
    return None if plan_code == free_plan().code else []


def feature_require(*, user: Any, feature: str) -> Entitlements:
    """The gate for plan features: 403 ``plan_required`` naming the plan that unlocks it."""
    entitlements = entitlements_for(user=user)
    if not entitlements.allows(feature):
        raise PlanRequired(details={"feature": feature, "required_plan": premium_plan().code})
    return entitlements
