"""AI provider usage and cost, from the AICall records."""

from __future__ import annotations

from datetime import date
from typing import Any

from analytics.models import AICall
from analytics.selectors._common import day_of, range_bounds, series_fill
from kernel.db.collections import collection_for


def ai_usage_daily(*, start: date, end: date) -> dict[str, Any]:
    """Calls, tokens (prompt + completion) and estimated cost in USD per day, with totals."""
    since, until = range_bounds(start=start, end=end)
    pipeline = [
        {"$match": {"created_at": {"$gte": since, "$lt": until}}},
        {
            "$group": {
                "_id": day_of("created_at"),
                "calls": {"$sum": 1},
                "tokens": {"$sum": {"$add": ["$prompt_tokens", "$completion_tokens"]}},
                "cost_usd": {"$sum": "$cost_usd"},
            }
        },
    ]
    series = series_fill(
        start=start, end=end, rows=collection_for(AICall).aggregate(pipeline), fields=("calls", "tokens", "cost_usd")
    )
    for point in series:
        point["cost_usd"] = round(point["cost_usd"], 4)
    return {
        "series": series,
        "calls": sum(point["calls"] for point in series),
        "tokens": sum(point["tokens"] for point in series),
        "cost_usd": round(sum(point["cost_usd"] for point in series), 4),
    }
