"""Usage metering: every usage counter a plan limits, claimed atomically in MongoDB.

- interview starts per rolling week (``Plan.weekly_interview_limit``),
- second chances (retakes and re-runs of failed evaluations) per rolling week
  (``Plan.weekly_second_chance_limit``),
- chat coach messages per UTC day (``Plan.daily_chat_message_limit``).

The counters are arrays of timestamps in one ``billing.Usage`` document per user, never a cache
entry: a limit reached stays reached when Redis is flushed or down. Short-window abuse limits on
AI calls (``interviewprep.api.ratelimit``, RATELIMIT_AI_*) are security rate limits, not plan
limits, and stay in Redis.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from pymongo import ReturnDocument

from accounts.models import User
from billing.errors import DailyLimitReached, QuotaExceeded
from billing.models import Usage
from billing.plans import WEEK
from billing.selectors.entitlements import (
    Entitlements,
    entitlements_with,
    plan_features_require,
    plan_for,
    plan_state,
)
from billing.selectors.usage import counted_since
from billing.services import upgrade_nudge_maybe_send
from kernel.db.collections import collection_for


def interview_start_claim(*, user: User, now: datetime, features: Iterable[str] = ()) -> Entitlements:
    """May ``user`` start an interview now? Takes one start of the rolling week and answers with the
    entitlements as of that start; 403 ``plan_required`` when the plan lacks one of ``features`` (nothing
    is taken), 429 ``quota_exceeded`` with Retry-After when the week's starts are used up."""
    state = plan_state(user=user)
    plan_features_require(plan=state["plan"], features=features)
    limit = state["plan"].weekly_interview_limit
    starts = _weekly_claim(user=user, field="interview_starts", limit=limit, now=now, details={"weekly_limit": limit})
    entitlements = entitlements_with(state=state, starts=starts)
    upgrade_nudge_maybe_send(user=user, entitlements=entitlements)
    return entitlements


def interview_start_release(*, user: User, started_at: datetime) -> None:
    """Give back a start whose interview could not be created."""
    _release(user=user, field="interview_starts", at=started_at)


def second_chance_claim(*, user: User, now: datetime) -> None:
    """Take one retake or evaluation re-run of the rolling week, or raise 429 ``quota_exceeded``."""
    limit = plan_for(user=user).weekly_second_chance_limit
    details = {"weekly_second_chance_limit": limit}
    _weekly_claim(user=user, field="second_chances", limit=limit, now=now, details=details)


def second_chance_release(*, user: User, claimed_at: datetime) -> None:
    """Give back a second chance whose retake or re-run did not happen (it lost a race)."""
    _release(user=user, field="second_chances", at=claimed_at)


def chat_message_claim(*, user: User, now: datetime) -> None:
    """Count one coach message against today's (UTC) allowance, or raise 429 ``daily_limit_reached``
    with Retry-After until midnight UTC."""
    limit = plan_for(user=user).daily_chat_message_limit
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if _claim(user=user, field="chat_messages", limit=limit, since=midnight, now=now) is None:
        raise DailyLimitReached(
            retry_after=(midnight + timedelta(days=1) - now).total_seconds(), details={"limit": limit}
        )


def _weekly_claim(*, user: User, field: str, limit: int, now: datetime, details: dict[str, int]) -> list[datetime]:
    """Claim one of the rolling week's ``limit``, or raise 429 with Retry-After (when the oldest entry leaves)."""
    since = now - WEEK
    counted = _claim(user=user, field=field, limit=limit, since=since, now=now)
    if counted is None:
        document = collection_for(Usage).find_one({"user_id": user.pk}, {field: 1}) or {}
        oldest = next(iter(counted_since(document.get(field, []), since=since)), now)
        raise QuotaExceeded(retry_after=(oldest + WEEK - now).total_seconds(), details=details)
    return counted


def _claim(*, user: User, field: str, limit: int, since: datetime, now: datetime) -> list[datetime] | None:
    """Add ``now`` to ``field`` while fewer than ``limit`` of its entries are ``since`` or later; the
    entries that count after the claim, oldest first, or None when there was no room.

    Entries older than ``since`` are pulled first (harmless under concurrency: it only removes what no
    longer counts), then ONE conditional ``$push`` adds ``now`` only while the array holds fewer than
    ``limit`` entries, so two claims racing for the last slot cannot both get it.
    """
    if limit <= 0:
        return None
    usage, _created = Usage.objects.get_or_create(user=user)
    collection = collection_for(Usage, write=True)
    collection.update_one({"_id": usage.pk}, {"$pull": {field: {"$lt": since}}})
    claimed: dict[str, Any] | None = collection.find_one_and_update(
        {"_id": usage.pk, f"{field}.{limit - 1}": {"$exists": False}},
        {"$push": {field: now}},
        projection={field: 1},
        return_document=ReturnDocument.AFTER,
    )
    return None if claimed is None else counted_since(claimed.get(field, []), since=since)


def _release(*, user: User, field: str, at: datetime) -> None:
    collection_for(Usage, write=True).update_one({"user_id": user.pk}, {"$pull": {field: at}})
