"""Account reads."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from interviewprep.api.fields import parse_object_id


def user_get_by_email(*, email: str) -> User | None:
    return User.objects.filter(email=email.strip().lower()).first()


def user_get_active(*, user_id: Any) -> User | None:
    object_id = parse_object_id(user_id)
    if object_id is None:
        return None
    return User.objects.filter(pk=object_id, is_active=True).first()


def user_email_taken(*, email: str) -> bool:
    return User.objects.filter(email=email).exists()
