"""Date ranges and day series shared by the metric selectors. Days are UTC days
(the backend cannot group in other zones; see docs/mongodb.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any


def range_bounds(*, start: date, end: date) -> tuple[datetime, datetime]:
    """``[start 00:00, end+1 00:00)`` in UTC: both dates are included."""
    return datetime.combine(start, time.min, UTC), datetime.combine(end + timedelta(days=1), time.min, UTC)


def days_between(*, start: date, end: date) -> list[str]:
    return [(start + timedelta(days=offset)).isoformat() for offset in range((end - start).days + 1)]


def day_of(field: str) -> dict[str, Any]:
    """The UTC day of a datetime field as ``YYYY-MM-DD``, for ``$group`` keys."""
    return {"$dateToString": {"format": "%Y-%m-%d", "date": f"${field}"}}


def series_fill(
    *, start: date, end: date, rows: Iterable[Mapping[str, Any]], fields: tuple[str, ...]
) -> list[dict[str, Any]]:
    """One point per day of the range (zeros where the pipeline returned no group), so charts keep their axis."""
    by_day = {row["_id"]: row for row in rows}
    return [
        {"date": day, **{field: by_day.get(day, {}).get(field, 0) for field in fields}}
        for day in days_between(start=start, end=end)
    ]


def ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def first_row(cursor: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The single document a ``$group``/``$facet``/``$count`` pipeline returns, or ``{}`` when nothing matched."""
    return next(iter(cursor), {})
