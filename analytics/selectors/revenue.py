"""Money, from dj-stripe's mirror of Stripe subscriptions in the billing database.

Stripe data lives in the ``stripe_data`` JSON column, so the figures are SQL
aggregates over JSON keys (SQLite and PostgreSQL both support them). A
subscription counts from its ``start_date`` until its ``ended_at``; ones whose
first payment never succeeded (``incomplete``, ``incomplete_expired``) never count.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from bson import ObjectId
from django.db.models import Case, Count, FloatField, Q, QuerySet, Sum, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from djstripe.models import Subscription

from analytics.selectors._common import range_bounds, ratio

NEVER_PAID = ("incomplete", "incomplete_expired")
DAYS_PER_MONTH = 30
_ITEM = "stripe_data__items__data__0__"


def _paid() -> QuerySet[Subscription]:
    return Subscription.objects.exclude(stripe_data__status__in=NEVER_PAID)


def _live_at(moment: datetime) -> QuerySet[Subscription]:
    stamp = int(moment.timestamp())
    return _paid().filter(
        Q(stripe_data__start_date__lte=stamp),
        Q(stripe_data__ended_at=None) | Q(stripe_data__ended_at__isnull=True) | Q(stripe_data__ended_at__gt=stamp),
    )


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, UTC)


def paying_user_ids() -> list[ObjectId]:
    """Users who ever had a paid subscription (for conversion, which is counted in MongoDB)."""
    ids = _paid().filter(customer__subscriber__isnull=False).values_list("customer__subscriber__user_id", flat=True)
    return [ObjectId(user_id) for user_id in set(ids)]


def _mrr_and_count(*, moment: datetime) -> tuple[float, int]:
    """Monthly recurring revenue in currency units (yearly prices / 12) and the live subscriptions behind it."""
    monthly = (
        Cast(KT(f"{_ITEM}price__unit_amount"), FloatField())
        * Coalesce(Cast(KT(f"{_ITEM}quantity"), FloatField()), Value(1.0))
        / Case(When(**{f"{_ITEM}price__recurring__interval": "year"}, then=Value(1200.0)), default=Value(100.0))
    )
    totals = _live_at(moment).aggregate(mrr=Coalesce(Sum(monthly), Value(0.0)), count=Count("pk"))
    return round(float(totals["mrr"]), 2), int(totals["count"])


def mrr(*, start: date, end: date) -> dict[str, Any]:
    """MRR at the end of the range, and at its start for the change."""
    value, _count = _mrr_and_count(moment=_end_of(end))
    before, _ = _mrr_and_count(moment=range_bounds(start=start, end=end)[0])
    return {"mrr": value, "mrr_at_start": before}


def subscriptions_active(*, start: date, end: date) -> dict[str, Any]:
    since, _until = range_bounds(start=start, end=end)
    return {"active": _live_at(_end_of(end)).count(), "active_at_start": _live_at(since).count()}


def churn_rate(*, start: date, end: date) -> dict[str, Any]:
    """Subscriptions that ended in the range / those live at its start; ``monthly`` scales it to 30 days."""
    since, until = range_bounds(start=start, end=end)
    ended = (
        _paid()
        .filter(stripe_data__ended_at__gte=int(since.timestamp()), stripe_data__ended_at__lt=int(until.timestamp()))
        .count()
    )
    active_at_start = _live_at(since).count()
    rate = ratio(ended, active_at_start)
    days = (end - start).days + 1
    return {
        "ended": ended,
        "active_at_start": active_at_start,
        "rate": rate,
        "monthly": round(rate * DAYS_PER_MONTH / days, 4) if rate is not None else None,
    }


def ltv_estimate(*, start: date, end: date) -> dict[str, Any]:
    """ARPU (MRR / live subscriptions at the end) divided by the monthly churn of the range;
    None while nothing churned (the estimate would be infinite)."""
    value, count = _mrr_and_count(moment=_end_of(end))
    arpu = ratio(value, count)
    monthly_churn = churn_rate(start=start, end=end)["monthly"]
    ltv = round(arpu / monthly_churn, 2) if arpu is not None and monthly_churn else None
    return {"arpu": arpu, "monthly_churn": monthly_churn, "ltv": ltv}
