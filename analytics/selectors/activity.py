"""Engagement: active users from the event stream, signups, free-to-paid conversion."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from accounts.models import User
from analytics.models import Event
from analytics.selectors._common import day_of, first_row, range_bounds, ratio, series_fill
from analytics.selectors.revenue import paying_user_ids
from kernel.db.collections import collection_for


def _distinct_users_since(since: datetime) -> list[dict[str, Any]]:
    """A ``$facet`` branch counting the distinct users with an event since ``since``."""
    return [{"$match": {"created_at": {"$gte": since}}}, {"$group": {"_id": "$user_id"}}, {"$count": "users"}]


def active_users(*, start: date, end: date) -> dict[str, Any]:
    """DAU per day, WAU and MAU as of ``end``, and stickiness = mean DAU of the range / MAU.

    Any event with a user counts as activity (logins and token refreshes included).
    One scan of the events serves all three through ``$facet``."""
    since, until = range_bounds(start=start, end=end)
    week_from, month_from = (range_bounds(start=end - timedelta(days=days - 1), end=end)[0] for days in (7, 30))
    pipeline = [
        {"$match": {"created_at": {"$gte": min(since, month_from), "$lt": until}, "user_id": {"$ne": None}}},
        {
            "$facet": {
                "daily": [
                    {"$match": {"created_at": {"$gte": since}}},
                    {"$group": {"_id": {"day": day_of("created_at"), "user": "$user_id"}}},
                    {"$group": {"_id": "$_id.day", "users": {"$sum": 1}}},
                ],
                "week": _distinct_users_since(week_from),
                "month": _distinct_users_since(month_from),
            }
        },
    ]
    facets = first_row(collection_for(Event).aggregate(pipeline))
    series = series_fill(start=start, end=end, rows=facets.get("daily", []), fields=("users",))
    wau, mau = ((facets.get(name) or [{}])[0].get("users", 0) for name in ("week", "month"))
    mean_dau = sum(point["users"] for point in series) / len(series)
    return {"series": series, "dau": series[-1]["users"], "wau": wau, "mau": mau, "stickiness": ratio(mean_dau, mau)}


def signups_daily(*, start: date, end: date) -> dict[str, Any]:
    since, until = range_bounds(start=start, end=end)
    pipeline = [
        {"$match": {"date_joined": {"$gte": since, "$lt": until}}},
        {"$group": {"_id": day_of("date_joined"), "signups": {"$sum": 1}}},
    ]
    series = series_fill(start=start, end=end, rows=collection_for(User).aggregate(pipeline), fields=("signups",))
    return {"series": series, "total": sum(point["signups"] for point in series)}


def conversion_free_to_paid(*, start: date, end: date) -> dict[str, Any]:
    """Of the users who signed up in the range, the share who ever had a paid subscription."""
    since, until = range_bounds(start=start, end=end)
    pipeline = [
        {"$match": {"date_joined": {"$gte": since, "$lt": until}}},
        {
            "$group": {
                "_id": None,
                "signups": {"$sum": 1},
                "paid": {"$sum": {"$cond": [{"$in": ["$_id", paying_user_ids()]}, 1, 0]}},
            }
        },
    ]
    row = first_row(collection_for(User).aggregate(pipeline))
    signups, paid = row.get("signups", 0), row.get("paid", 0)
    return {"signups": signups, "paid": paid, "rate": ratio(paid, signups)}
