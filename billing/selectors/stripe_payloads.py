"""Reading Stripe's objects as dj-stripe stores them (``stripe_data``): which statuses keep premium,
and where the period and price sit in a subscription payload."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

# Stripe statuses that keep premium: past_due is the dunning grace period
# while Stripe retries the card; it ends in "canceled" or "unpaid".
PREMIUM_STATUSES = frozenset({"active", "trialing", "past_due"})


def _timestamp(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def _first_item(data: dict[str, Any]) -> dict[str, Any]:
    items = (data.get("items") or {}).get("data") or []
    return dict(items[0]) if items else {}


def subscription_period_end(data: dict[str, Any]) -> datetime | None:
    """Stripe moved the billing period from the subscription to its items in 2025; read either."""
    return _timestamp(_first_item(data).get("current_period_end")) or _timestamp(data.get("current_period_end"))


def subscription_price_id(data: dict[str, Any]) -> str:
    return str((_first_item(data).get("price") or {}).get("id") or "")
