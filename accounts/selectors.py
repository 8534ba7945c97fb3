"""Account reads."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils.module_loading import import_string

from accounts.models import User
from kernel.api.fields import parse_object_id
from kernel.cache import cached

# Every authenticated request needs the user behind its token. An active user is kept this long
# in Redis; any save, delete or bulk update of the account forgets it at once
# (accounts.signals, services.users_cache_forget), so the TTL only bounds a race with a write.
AUTHENTICATED_USER_SECONDS = 60


def authenticated_user_key(user_id: Any) -> str:
    return f"auth-user:{user_id}"


def user_get_authenticated(*, user_id: Any, load: Callable[[], User]) -> User:
    """The user behind a valid token: cached, else ``load()``, which raises for a missing or inactive account."""
    return cached(authenticated_user_key(user_id), load, timeout=AUTHENTICATED_USER_SECONDS)


def user_get_by_email(*, email: str) -> User | None:
    return User.objects.filter(email=email.strip().lower()).first()


def user_get_active(*, user_id: Any) -> User | None:
    object_id = parse_object_id(user_id)
    if object_id is None:
        return None
    return User.objects.filter(pk=object_id, is_active=True).first()


def user_email_taken(*, email: str) -> bool:
    return User.objects.filter(email=email).exists()


def user_ids_by_email(*, contains: str, limit: int) -> list[Any]:
    """Ids of up to ``limit`` users whose email contains ``contains`` (case-insensitive),
    for staff searches of other collections by their owner's email."""
    return list(User.objects.filter(email__icontains=contains.strip()).values_list("pk", flat=True)[:limit])


def users_by_ids(*, user_ids: list[Any]) -> list[User]:
    """The accounts with these ids (unparseable ids are skipped), for checks over a selection."""
    object_ids = [oid for oid in (parse_object_id(user_id) for user_id in user_ids) if oid is not None]
    return list(User.objects.filter(pk__in=object_ids))


def user_wants_email(*, user: User) -> bool:
    """Notification emails (results ready, weekly digest) are on unless the user turned them off."""
    return bool(user.settings.get("email_notifications", True)) if isinstance(user.settings, dict) else True


def user_timezone(*, user: User) -> ZoneInfo:
    """The user's time zone setting, UTC when unset or unknown."""
    name = user.settings.get("timezone", "") if isinstance(user.settings, dict) else ""
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@functools.cache
def _plan_tier_reader() -> Callable[..., str]:
    return cast(Callable[..., str], import_string(settings.ACCOUNTS_PLAN_TIER_READER))


def user_plan_tier(*, user: User) -> str:
    """The user's plan tier ("free" or "premium"). Plans belong to billing, which sits above accounts in
    the dependency order, so the reader is named in settings (ACCOUNTS_PLAN_TIER_READER), not imported."""
    return _plan_tier_reader()(user=user)
