"""A user's statistics, aggregated in MongoDB: the dashboard's figures (cached per user until
their history changes) and a digest's week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from bson import ObjectId
from django.conf import settings
from django.utils import timezone

from accounts.models import User
from accounts.selectors import user_timezone
from ai.types import CRITERIA
from billing.selectors import entitlements_for
from interviews.models import Answer, Interview
from kernel.cache import cached, version_bump, versioned_key
from kernel.db.collections import collection_for

TREND_POINTS = 30
SKILLS_SHOWN = 2
STREAK_LOOKBACK_DAYS = 366


def user_stats(*, user: User, today: date | None = None) -> dict[str, Any]:
    """Dashboard statistics. The streak counts days in the user's time zone (start times are converted
    here, at the edge: the backend cannot group by day in another zone); trends are UTC days."""
    zone = user_timezone(user=user)
    today = today or timezone.now().astimezone(zone).date()
    history = cached(_stats_history_key(user.pk), lambda: _stats_history(user=user), timeout=settings.API_CACHE_SECONDS)
    entitlements = entitlements_for(user=user)
    interviews, criteria = history["interviews"], history["criteria"]
    ranked = sorted(criteria.items(), key=lambda item: item[1])
    return {
        **interviews["summary"],
        "score_trend": interviews["trend"],
        "by_type": interviews["by_type"],
        "weakest_skills": [{"skill": name, "average_score": score} for name, score in ranked[:SKILLS_SHOWN]],
        "strongest_skills": [{"skill": name, "average_score": score} for name, score in ranked[::-1][:SKILLS_SHOWN]],
        "streak_days": _streak(days=[started.astimezone(zone).date() for started in interviews["starts"]], today=today),
        "interviews_this_week": entitlements.interviews_used_this_week,
        "weekly_limit": entitlements.plan.weekly_interview_limit,
        "speech_trend": history["speech_trend"],
    }


def _stats_history(*, user: User) -> dict[str, Any]:
    """The aggregations over the user's whole history: the expensive part of the statistics."""
    return {
        "interviews": _interview_stats(user=user),
        "criteria": _criteria_averages(user=user),
        "speech_trend": _speech_trend(user=user),
    }


def _stats_namespace(user_id: ObjectId) -> str:
    return f"interviews:stats:{user_id}"


def _stats_history_key(user_id: ObjectId) -> str:
    return versioned_key(_stats_namespace(user_id), "history")


def user_stats_cache_forget(*, user_id: ObjectId) -> None:
    """Called by every write that changes a user's history: an interview started, an answer
    evaluated, a result compiled, an interview deleted."""
    version_bump(_stats_namespace(user_id))


def _day(field: str) -> dict[str, Any]:
    return {"$dateToString": {"format": "%Y-%m-%d", "date": f"${field}"}}


def _interview_stats(*, user: User) -> dict[str, Any]:
    completed = {"$match": {"status": Interview.Status.COMPLETED}}
    pipeline = [
        {"$match": {"user_id": user.pk}},
        {
            "$facet": {
                "summary": [
                    completed,
                    {
                        "$group": {
                            "_id": None,
                            "count": {"$sum": 1},
                            "average": {"$avg": "$overall_score"},
                            "best": {"$max": "$overall_score"},
                        }
                    },
                ],
                "trend": [
                    completed,
                    {"$group": {"_id": _day("completed_at"), "score": {"$avg": "$overall_score"}}},
                    {"$sort": {"_id": -1}},
                    {"$limit": TREND_POINTS},
                ],
                "by_type": [
                    completed,
                    {"$group": {"_id": "$type", "count": {"$sum": 1}, "average": {"$avg": "$overall_score"}}},
                ],
                "starts": [
                    {"$match": {"started_at": {"$gte": timezone.now() - timedelta(days=STREAK_LOOKBACK_DAYS)}}},
                    {"$project": {"_id": 0, "started_at": 1}},
                ],
            }
        },
    ]
    facets: dict[str, Any] = next(iter(collection_for(Interview).aggregate(pipeline)), {})
    summary = (facets.get("summary") or [{}])[0]
    return {
        "summary": {
            "interviews_completed": summary.get("count", 0),
            "average_score": _round(summary.get("average")),
            "best_score": _round(summary.get("best")),
        },
        "trend": [{"date": row["_id"], "score": _round(row["score"])} for row in reversed(facets.get("trend", []))],
        "by_type": {
            row["_id"]: {"count": row["count"], "average_score": _round(row["average"])}
            for row in facets.get("by_type", [])
        },
        # pymongo returns naive UTC datetimes.
        "starts": [row["started_at"].replace(tzinfo=UTC) for row in facets.get("starts", [])],
    }


def _criteria_averages(*, user: User) -> dict[str, float]:
    pipeline = [
        {"$match": {"user_id": user.pk, "evaluation_status": Answer.EvaluationStatus.DONE}},
        {"$group": {"_id": None, **{name: {"$avg": f"$evaluation.scores.{name}"} for name in CRITERIA}}},
    ]
    row = next(iter(collection_for(Answer).aggregate(pipeline)), None)
    return {name: _round(row[name]) or 0.0 for name in CRITERIA} if row else {}


def _speech_trend(*, user: User) -> list[dict[str, Any]]:
    """Pace and fillers of recorded answers per day, when the user recorded any."""
    pipeline = [
        {
            "$match": {
                "user_id": user.pk,
                "evaluation_status": Answer.EvaluationStatus.DONE,
                "speech_metrics.words_per_minute": {"$exists": True},
            }
        },
        {
            "$group": {
                "_id": _day("evaluated_at"),
                "words_per_minute": {"$avg": "$speech_metrics.words_per_minute"},
                "filler_count": {"$avg": "$speech_metrics.filler_count"},
            }
        },
        {"$sort": {"_id": -1}},
        {"$limit": TREND_POINTS},
    ]
    return [
        {
            "date": row["_id"],
            "words_per_minute": _round(row["words_per_minute"]),
            "filler_count": _round(row["filler_count"]),
        }
        for row in reversed(list(collection_for(Answer).aggregate(pipeline)))
    ]


def interviews_in_range(*, user: User, since: datetime, until: datetime) -> dict[str, Any]:
    """Interviews started in [since, until) and the scores of those completed: a digest's week."""
    started = Interview.objects.filter(user=user, started_at__gte=since, started_at__lt=until)
    scores = [
        score
        for score in started.filter(status=Interview.Status.COMPLETED).values_list("overall_score", flat=True)
        if score is not None
    ]
    return {
        "started": started.count(),
        "completed": len(scores),
        "average_score": _round(sum(scores) / len(scores)) if scores else None,
        "best_score": _round(max(scores)) if scores else None,
    }


def _streak(*, days: list[date], today: date) -> int:
    """Consecutive days with an interview, ending today (or yesterday: today is not over)."""
    seen = set(days)
    day = today if today in seen else today - timedelta(days=1)
    streak = 0
    while day in seen:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None
