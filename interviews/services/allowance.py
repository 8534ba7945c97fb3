"""The rolling weekly allowance of interview starts, claimed with one conditional update."""

from __future__ import annotations

from datetime import UTC, datetime

from accounts.models import User
from billing.errors import QuotaExceeded
from interviewprep.db.collections import collection_for
from interviews import selectors
from interviews.models import WeeklyAllowance


def _utc(value: datetime) -> datetime:
    """pymongo returns naive UTC datetimes."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def allowance_claim(*, user: User, limit: int, now: datetime) -> None:
    """Take one interview start of the rolling week, or raise 429 ``quota_exceeded``.

    Expired starts are pulled first (harmless under concurrency: it only removes
    what no longer counts), then ONE conditional ``$push`` adds ``now`` only while
    the array holds fewer than ``limit`` entries, so two starts racing for the
    last slot cannot both get it. Retry-After is when the oldest start leaves the window.
    """
    allowance, _created = WeeklyAllowance.objects.get_or_create(user=user)
    collection = collection_for(WeeklyAllowance, write=True)
    collection.update_one({"_id": allowance.pk}, {"$pull": {"starts": {"$lte": now - selectors.ALLOWANCE_WINDOW}}})
    claimed = (
        limit > 0
        and collection.update_one(
            {"_id": allowance.pk, f"starts.{limit - 1}": {"$exists": False}}, {"$push": {"starts": now}}
        ).modified_count
    )
    if not claimed:
        starts = (collection.find_one({"_id": allowance.pk}) or {}).get("starts", [])
        oldest = min((_utc(start) for start in starts), default=now)
        raise QuotaExceeded(
            retry_after=(oldest + selectors.ALLOWANCE_WINDOW - now).total_seconds(), details={"weekly_limit": limit}
        )


def allowance_release(*, user: User, started_at: datetime) -> None:
    """Give back a start whose interview could not be created."""
    collection_for(WeeklyAllowance, write=True).update_one({"user_id": user.pk}, {"$pull": {"starts": started_at}})
