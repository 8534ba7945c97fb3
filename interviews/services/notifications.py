"""Emails about the user's own practice: results ready, and a weekly digest in their time zone.

Both honour the ``email_notifications`` setting and are written in the user's language.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.selectors import user_timezone, user_wants_email
from interviews import selectors
from interviews.models import Interview, WeeklyDigest
from kernel.api.fields import parse_object_id
from kernel.emails import send_templated_email
from kernel.outbox import enqueue_on_commit

# Digests go out on Monday morning, local time, for the week that just ended.
DIGEST_WEEKDAY = 0
DIGEST_HOUR = 9


def results_ready_email_queue(*, interview_id: Any) -> None:
    from interviews.tasks import send_results_ready_email_task

    enqueue_on_commit(send_results_ready_email_task, interview_id=str(interview_id))


def results_ready_email_send(*, interview_id: Any) -> bool:
    """Tell the user their result is compiled, unless they turned notification emails off."""
    interview = (
        Interview.objects.select_related("user")
        .filter(pk=parse_object_id(interview_id), status=Interview.Status.COMPLETED)
        .first()
    )
    if interview is None or not interview.user.is_active or not user_wants_email(user=interview.user):
        return False
    send_templated_email(
        to=interview.user.email,
        template="results_ready",
        language=interview.user.language,
        context={"user": interview.user, "interview": interview, "result": interview.result},
    )
    return True


def _zones_at_digest_time(now: datetime) -> list[str]:
    """The time zones where it is now Monday between 9:00 and 10:00."""
    return sorted(
        name
        for name in zoneinfo.available_timezones()
        if (local := now.astimezone(zoneinfo.ZoneInfo(name))).weekday() == DIGEST_WEEKDAY and local.hour == DIGEST_HOUR
    )


def weekly_digests_send(*, now: datetime | None = None) -> int:
    """Send the digest to every user for whom it is Monday 9:00-10:00 local time (run hourly by
    Celery beat); users without a time zone count as UTC. Returns how many were sent."""
    now = now or timezone.now()
    zones = _zones_at_digest_time(now)
    if not zones:
        return 0
    in_zone = Q(settings__timezone__in=zones)
    if "UTC" in zones:
        in_zone |= Q(settings__timezone__isnull=True) | Q(settings__timezone="")
    users = User.objects.filter(in_zone, is_active=True)
    return sum(weekly_digest_send(user=user, now=now) for user in users.iterator())


def weekly_digest_send(*, user: User, now: datetime) -> bool:
    """The digest of the local week before ``now``'s, at most once per user and week."""
    if not user_wants_email(user=user):
        return False
    zone = user_timezone(user=user)
    today = now.astimezone(zone).date()
    this_monday = today - timedelta(days=today.weekday())
    week_start = this_monday - timedelta(days=7)

    def edge(day: Any) -> datetime:
        return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)

    week = selectors.interviews_in_range(user=user, since=edge(week_start), until=edge(this_monday))
    before = selectors.interviews_in_range(
        user=user, since=edge(week_start - timedelta(days=7)), until=edge(week_start)
    )
    try:
        digest = WeeklyDigest.objects.create(user=user, week_start=week_start)
    except IntegrityError:
        return False
    try:
        _digest_email(user=user, week=week, before=before, week_start=week_start, today=today)
    except OSError:
        digest.delete()  # SMTP failed: the task's retry sends it
        raise
    return True


def _digest_email(*, user: User, week: dict[str, Any], before: dict[str, Any], week_start: Any, today: Any) -> None:
    send_templated_email(
        to=user.email,
        template="weekly_digest",
        language=user.language,
        context={
            "user": user,
            "week": week,
            "before": before,
            "week_start": week_start,
            "streak_days": selectors.user_stats(user=user, today=today)["streak_days"],
        },
    )
