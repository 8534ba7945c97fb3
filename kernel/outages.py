"""Shedding load while a dependency is down: one short-lived breaker per dependency, per process.

Every call to MongoDB, Redis, the broker and the billing database has a deadline (settings), but
a hung server would still cost each request that deadline, and a few hundred requests would hold
every thread. So the first call that finds a dependency not answering (refused, or past its
deadline) opens its breaker, and for ``DEPENDENCY_BREAKER_SECONDS`` the threads of this process
do not call it: requests needing it answer 503 with ``Retry-After`` at once, the cache degrades at
once, the outbox keeps tasks at once. Then one call probes (the others keep being refused while it
runs): its failure opens the breaker again; if it does not fail within another pause, the breaker
closes. A success seen anywhere, and the readiness probe, close it at once.

The state lives in process memory on purpose: it must work while Redis is the dependency that is
down, and each process learns of an outage within one deadline.
"""

from __future__ import annotations

import threading
import time

import psycopg
from django.conf import settings
from kombu.exceptions import OperationalError as BrokerError
from pymongo.errors import ConnectionFailure, PyMongoError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# The names readiness reports (operations.health).
MONGODB = "mongodb"
BILLING_DATABASE = "billing_database"
CACHE = "cache"  # Redis as the cache and the rate limiter's counters
BROKER = "broker"

_CLOSED, _OPEN, _PROBING = "closed", "open", "probing"


class DependencyDown(Exception):
    """Raised instead of calling a dependency whose breaker is open; the API answers 503 with Retry-After."""

    def __init__(self, *, name: str, retry_after: float) -> None:
        self.name = name
        self.retry_after = retry_after
        super().__init__(f"{name} is down, not asked again for {retry_after:.1f} s")


class Breaker:
    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._state = _CLOSED
        self._until = 0.0
        self._prober: int | None = None

    def allows(self) -> bool:
        """Whether this thread may call the dependency now."""
        if self._state == _CLOSED:  # the common case, without the lock
            return True
        now = time.monotonic()
        with self._lock:
            if self._state == _OPEN and now >= self._until:
                self._state, self._until, self._prober = _PROBING, now + self._pause(), threading.get_ident()
                return True
            if self._state == _PROBING and now >= self._until:  # the probe did not fail
                self._state = _CLOSED
            return self._state == _CLOSED or self._prober == threading.get_ident()

    def require(self) -> None:
        if not self.allows():
            raise DependencyDown(name=self.name, retry_after=self.retry_after())

    def retry_after(self) -> float:
        return max(0.0, self._until - time.monotonic()) or self._pause()

    def trip(self) -> None:
        with self._lock:
            self._state, self._until, self._prober = _OPEN, time.monotonic() + self._pause(), None

    def record_success(self) -> None:
        if self._state != _CLOSED:
            with self._lock:
                self._state = _CLOSED

    @staticmethod
    def _pause() -> float:
        return float(settings.DEPENDENCY_BREAKER_SECONDS)


BREAKERS = {name: Breaker(name) for name in (MONGODB, BILLING_DATABASE, CACHE, BROKER)}


def reset_all() -> None:
    for breaker in BREAKERS.values():
        breaker.record_success()


def dependency_of(exc: BaseException) -> str | None:
    """Which dependency did not answer, following the cause chain (the ORM re-raises driver errors
    as Django's DatabaseError); None when ``exc`` is no outage."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionFailure) or (isinstance(cause, PyMongoError) and cause.timeout):
            return MONGODB
        if isinstance(cause, RedisConnectionError | RedisTimeoutError):
            return CACHE
        if isinstance(cause, BrokerError):
            return BROKER
        if isinstance(cause, psycopg.OperationalError):  # refused, past connect_timeout or statement_timeout, cut
            return BILLING_DATABASE
        cause = cause.__cause__
    return None
