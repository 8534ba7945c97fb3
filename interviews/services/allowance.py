"""The rolling weekly allowance of interview starts, claimed with one conditional update."""

from __future__ import annotations

from datetime import UTC, datetime

from accounts.models import User
from billing.errors import QuotaExceeded
from interviews import selectors
from interviews.models import WeeklyAllowance
from kernel.db.collections import collection_for


def _utc(value: datetime) -> datetime:
    """pymongo returns naive UTC datetimes."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def allowance_claim(*, user: User, limit: int, now: datetime) -> None:
    """Take one interview start of the rolling week, or raise 429 ``quota_exceeded``."""
    _claim(user=user, field="starts", limit=limit, now=now, details={"weekly_limit": limit})


def second_chance_claim(*, user: User, limit: int, now: datetime) -> None:
    """Take one retake or evaluation re-run of the rolling week, or raise 429 ``quota_exceeded``."""
    _claim(user=user, field="second_chances", limit=limit, now=now, details={"weekly_second_chance_limit": limit})


def _claim(*, user: User, field: str, limit: int, now: datetime, details: dict[str, int]) -> None:
    """Expired entries of ``field`` are pulled first (harmless under concurrency: it only removes
    what no longer counts), then ONE conditional ``$push`` adds ``now`` only while the array holds
    fewer than ``limit`` entries, so two claims racing for the last slot cannot both get it.
    Retry-After is when the oldest entry leaves the window.
    """
    allowance, _created = WeeklyAllowance.objects.get_or_create(user=user)
    collection = collection_for(WeeklyAllowance, write=True)
    collection.update_one({"_id": allowance.pk}, {"$pull": {field: {"$lte": now - selectors.ALLOWANCE_WINDOW}}})
    claimed = (
        limit > 0
        and collection.update_one(
            {"_id": allowance.pk, f"{field}.{limit - 1}": {"$exists": False}}, {"$push": {field: now}}
        ).modified_count
    )
    if not claimed:
        entries = (collection.find_one({"_id": allowance.pk}) or {}).get(field, [])
        oldest = min((_utc(entry) for entry in entries), default=now)
        raise QuotaExceeded(retry_after=(oldest + selectors.ALLOWANCE_WINDOW - now).total_seconds(), details=details)


def allowance_release(*, user: User, started_at: datetime) -> None:
    """Give back a start whose interview could not be created."""
    collection_for(WeeklyAllowance, write=True).update_one({"user_id": user.pk}, {"$pull": {"starts": started_at}})


def second_chance_release(*, user: User, claimed_at: datetime) -> None:
    """Give back a second chance whose retake or re-run did not happen (it lost a race)."""
    collection_for(WeeklyAllowance, write=True).update_one(
        {"user_id": user.pk}, {"$pull": {"second_chances": claimed_at}}
    )
