"""The authentication cache's writes: what a bulk update must call itself."""

from __future__ import annotations

from bson import ObjectId
from django.core.cache import cache

from accounts import selectors


def users_cache_forget(*, user_ids: list[ObjectId]) -> None:
    """Drop cached copies of these accounts (see selectors.user_get_authenticated); a bulk
    ``update()`` sends no signal, so the services that make one call this themselves."""
    cache.delete_many([selectors.authenticated_user_key(user_id) for user_id in user_ids])
