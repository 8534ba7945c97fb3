"""Dashboard metrics: one keyword-only function per metric over a date range
(``start``/``end`` inclusive, UTC days), each returning JSON-ready data."""

from collections.abc import Callable
from datetime import date
from typing import Any

from analytics.selectors.activity import active_users, conversion_free_to_paid, signups_daily
from analytics.selectors.ai_usage import ai_usage_daily
from analytics.selectors.interviews import completion_rate, interviews_daily, questions_hardest, scores_by_type_level
from analytics.selectors.revenue import churn_rate, ltv_estimate, mrr, subscriptions_active

Metric = Callable[..., dict[str, Any]]

# The dashboard's JSON endpoints, by URL name: /admin/analytics/api/<name>/.
METRICS: dict[str, Metric] = {
    "active-users": active_users,
    "signups": signups_daily,
    "interviews": interviews_daily,
    "completion-rate": completion_rate,
    "scores": scores_by_type_level,
    "hardest-questions": questions_hardest,
    "conversion": conversion_free_to_paid,
    "mrr": mrr,
    "subscriptions": subscriptions_active,
    "churn": churn_rate,
    "ltv": ltv_estimate,
    "ai-usage": ai_usage_daily,
}


def metric_compute(*, name: str, start: date, end: date) -> dict[str, Any] | None:
    """The named metric over the range, or None for an unknown name."""
    metric = METRICS.get(name)
    return metric(start=start, end=end) if metric else None
