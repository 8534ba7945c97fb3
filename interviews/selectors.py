"""Interview reads, scoped to their owner; statistics are aggregated in MongoDB."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.selectors import user_timezone
from ai.types import CRITERIA
from billing.selectors import entitlements_for
from interviews.errors import InterviewNotCompleted
from interviews.models import Answer, Interview, ShareLink
from kernel.api.fields import parse_object_id
from kernel.cache import cached, version_bump, versioned_key
from kernel.db.collections import collection_for
from kernel.errors import NotFound

TREND_POINTS = 30
SKILLS_SHOWN = 2
STREAK_LOOKBACK_DAYS = 366


def interview_list(*, user: User, status: str = "") -> QuerySet[Interview]:
    """The user's interviews, newest first, optionally of one status. The compiled
    result is left in the database: it is the largest field and lists never show it."""
    queryset = Interview.objects.filter(user=user).defer("result").order_by("-started_at")
    return queryset.filter(status=status) if status else queryset


def interview_get(*, user: User, interview_id: Any) -> Interview:
    """404 for a malformed id, an unknown one, or another user's interview."""
    object_id = parse_object_id(interview_id)
    interview = Interview.objects.filter(pk=object_id, user=user).first() if object_id else None
    if interview is None:
        raise NotFound()
    return interview


def share_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def interview_shared(*, token: str) -> Interview:
    """The interview behind a share link that is neither expired nor revoked; 404 otherwise
    (the TTL index removes expired links only eventually, so expiry is checked here)."""
    link = (
        ShareLink.objects.select_related("interview", "interview__user")
        .filter(token_hash=share_token_digest(token), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if link is None or link.interview.status != Interview.Status.COMPLETED:
        raise NotFound()
    return link.interview


def answers_for(*, interview: Interview) -> QuerySet[Answer]:
    return Answer.objects.filter(interview=interview).order_by("created_at")


def answer_get(*, interview: Interview, answer_id: Any) -> Answer:
    object_id = parse_object_id(answer_id)
    answer = Answer.objects.filter(pk=object_id, interview=interview).first() if object_id else None
    if answer is None:
        raise NotFound()
    return answer


def _result_cache_key(interview_id: Any) -> str:
    return f"interviews:result:{interview_id}"


def interview_result(*, user: User, interview_id: Any) -> dict[str, Any] | None:
    """The compiled result, or None while evaluations run; 409 before the interview is completed.

    A completed result changes only when it is compiled again (a failed evaluation
    re-run) or the interview is deleted, and both forget it, so it is cached with
    its owner's id: another user's request never gets it from the cache."""
    object_id = parse_object_id(interview_id)
    hit = cache.get(_result_cache_key(object_id)) if object_id else None
    if hit is not None and hit["user_id"] == str(user.pk):
        result: dict[str, Any] = hit["result"]
        return result
    interview = interview_get(user=user, interview_id=interview_id)
    if interview.status == Interview.Status.COMPLETED:
        entry = {"user_id": str(user.pk), "result": interview.result}
        cache.set(_result_cache_key(interview.pk), entry, timeout=settings.API_CACHE_SECONDS)
        return interview.result
    if interview.status == Interview.Status.EVALUATING:
        return None
    raise InterviewNotCompleted(details={"status": interview.status})


def interview_result_cache_forget(*, interview_id: Any) -> None:
    cache.delete(_result_cache_key(interview_id))


def question_ids_seen(*, user: User, since: datetime) -> list[Any]:
    """Ids of questions the user was asked in interviews started since ``since``."""
    pipeline = [
        {"$match": {"user_id": user.pk, "started_at": {"$gte": since}}},
        {"$unwind": "$questions"},
        {"$group": {"_id": "$questions.question_id"}},
    ]
    return [row["_id"] for row in collection_for(Interview).aggregate(pipeline)]


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


def _stats_namespace(user_id: Any) -> str:
    return f"interviews:stats:{user_id}"


def _stats_history_key(user_id: Any) -> str:
    return versioned_key(_stats_namespace(user_id), "history")


def user_stats_cache_forget(*, user_id: Any) -> None:
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


def answers_recent_for_question(*, question_id: Any, limit: int = 10) -> QuerySet[Answer]:
    """The latest answers to one bank question, for staff reviewing how it performs."""
    return Answer.objects.filter(question_id=question_id).select_related("user").order_by("-created_at")[:limit]
