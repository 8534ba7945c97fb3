"""Reads of the usage counters billing.metering keeps (the claims are there)."""

from __future__ import annotations

from datetime import UTC, datetime

from accounts.models import User
from billing.models import Usage
from billing.plans import WEEK


def utc(value: datetime) -> datetime:
    """pymongo returns naive UTC datetimes."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def counted_since(entries: list[datetime], *, since: datetime) -> list[datetime]:
    """The entries that count in a window starting at ``since``, oldest first."""
    return sorted(entry for entry in map(utc, entries) if entry >= since)


def interview_starts(*, user: User, now: datetime) -> list[datetime]:
    """The interview starts of the rolling week, oldest first (deleting an interview does not give its start back)."""
    # Not .first(): its sort by _id keeps the embedded server from the unique user_id index (a scan).
    starts = next(iter(Usage.objects.filter(user_id=user.pk).values_list("interview_starts", flat=True)[:1]), None)
    return counted_since(starts or [], since=now - WEEK)
