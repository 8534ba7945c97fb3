"""The signed-in user's own profile."""

from __future__ import annotations

from typing import Any

from accounts.models import User

PROFILE_FIELDS = ("name", "target_role", "experience_level", "skills", "settings")


def user_update(*, user: User, data: dict[str, Any]) -> User:
    """Apply a validated partial profile update; ``settings`` keys merge into the existing ones."""
    for field in PROFILE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "settings":
            value = {**(user.settings or {}), **value}
        setattr(user, field, value)
    user.full_clean(exclude=["password", "email"])
    user.save()
    return user
