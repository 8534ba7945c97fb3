"""Interview reads, scoped to their owner: interviews, answers, share links, results and the
weekly allowance's window (statistics are in ``interviews.selectors.statistics``)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from bson import ObjectId
from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from interviews.errors import InterviewNotCompleted
from interviews.models import Answer, Interview, ShareLink
from kernel.api.fields import parse_object_id
from kernel.db.collections import collection_for
from kernel.errors import NotFound


def interview_list(*, user: User, status: str = "") -> QuerySet[Interview]:
    """The user's interviews, newest first, optionally of one status. The compiled
    result is left in the database: it is the largest field and lists never show it."""
    queryset = Interview.objects.filter(user=user).defer("result").order_by("-started_at")
    return queryset.filter(status=status) if status else queryset


def interview_get(*, user: User, interview_id: str | ObjectId) -> Interview:
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


def answer_get(*, interview: Interview, answer_id: str | ObjectId) -> Answer:
    object_id = parse_object_id(answer_id)
    answer = Answer.objects.filter(pk=object_id, interview=interview).first() if object_id else None
    if answer is None:
        raise NotFound()
    return answer


def _result_cache_key(interview_id: ObjectId) -> str:
    return f"interviews:result:{interview_id}"


def interview_result(*, user: User, interview_id: str | ObjectId) -> dict[str, Any] | None:
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


def interview_result_cache_forget(*, interview_id: ObjectId) -> None:
    cache.delete(_result_cache_key(interview_id))


def question_ids_seen(*, user: User, since: datetime) -> list[ObjectId]:
    """Ids of questions the user was asked in interviews started since ``since``."""
    pipeline = [
        {"$match": {"user_id": user.pk, "started_at": {"$gte": since}}},
        {"$unwind": "$questions"},
        {"$group": {"_id": "$questions.question_id"}},
    ]
    return [row["_id"] for row in collection_for(Interview).aggregate(pipeline)]


def answers_recent_for_question(*, question_id: ObjectId, limit: int = 10) -> QuerySet[Answer]:
    """The latest answers to one bank question, for staff reviewing how it performs."""
    return Answer.objects.filter(question_id=question_id).select_related("user").order_by("-created_at")[:limit]
