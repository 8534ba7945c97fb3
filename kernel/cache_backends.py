"""The default cache backend: Redis that degrades instead of failing when Redis does not answer.

Everything kept in this cache can be recomputed from the databases (entitlements,
AI results, the AI circuit breaker, once-a-week locks), so a Redis outage must
cost speed, not requests: reads miss, writes are dropped, and ``incr`` counts as
if the counter had just started (which lets the request through). Security rate
limits do not use this cache; they choose to fail closed or open themselves
(see ``kernel.api.ratelimit``).

A refused connection fails at once; a Redis that hangs costs the socket timeout
set in CACHES ``OPTIONS`` once, then the cache's breaker (``kernel.outages``)
degrades every call at once until Redis answers again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

from kernel import outages

logger = logging.getLogger(__name__)

T = TypeVar("T")

UNAVAILABLE = (ConnectionError, TimeoutError)


class DegradingRedisCache(RedisCache):
    def _or(self, fallback: T, operation: Callable[..., T], *args: Any) -> T:
        breaker = outages.BREAKERS[outages.CACHE]
        if not breaker.allows():  # known down: degrade at once instead of waiting out the timeout again
            return fallback
        try:
            result = operation(*args)
        except UNAVAILABLE as exc:
            logger.warning("cache unavailable, %s degraded: %s", operation.__name__, exc)
            breaker.trip()
            return fallback
        breaker.record_success()
        return result

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._or(default, super().get, key, default, version)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._or({}, super().get_many, keys, version)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._or(False, super().has_key, key, version)

    def add(self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        # Not added: a caller using add() as a lock (e.g. once-a-week emails) skips its work.
        return self._or(False, super().add, key, value, timeout, version)

    def set(self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._or(None, super().set, key, value, timeout, version)

    def set_many(
        self, data: dict[Any, Any], timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        return self._or(list(data), super().set_many, data, timeout, version)

    def touch(self, key: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._or(False, super().touch, key, timeout, version)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._or(False, super().delete, key, version)

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self._or(None, super().delete_many, keys, version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self._or(delta, super().incr, key, delta, version)

    def clear(self) -> None:
        self._or(None, super().clear)
