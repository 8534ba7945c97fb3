"""Cached responses and versioned cache keys.

A namespace's keys carry its current version, so bumping the version
invalidates every key of the namespace at once without scanning Redis.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache, caches

T = TypeVar("T")


def _version_key(namespace: str) -> str:
    return f"{namespace}:version"


def versioned_key(namespace: str, *parts: object) -> str:
    """A key valid until ``version_bump(namespace)``."""
    version = cache.get_or_set(_version_key(namespace), 1, timeout=None)
    return ":".join([namespace, str(version), *map(str, parts)])


def version_bump(namespace: str) -> None:
    """Invalidate every key ``versioned_key`` made for ``namespace``."""
    try:
        cache.incr(_version_key(namespace))
    except ValueError:  # no version yet: nothing is cached under one either
        cache.set(_version_key(namespace), 2, timeout=None)


def cached(key: str, compute: Callable[[], T], *, timeout: int, using: str = "default") -> T:
    """The value cached under ``key`` in cache ``using``, computed and stored on a miss."""
    store = caches[using]
    value: T | None = store.get(key)
    if value is None:
        value = compute()
        store.set(key, value, timeout=timeout)
    return value
