"""A circuit breaker whose state lives in the Django cache (Redis), shared by every web and worker process.

When the provider is down, each process discovering it separately would multiply the wasted
requests and the wait for users; with shared state one process's failures stop them all.
"""

from __future__ import annotations

import time

from django.core.cache import cache

from ai.errors import CircuitOpen


class CircuitBreaker:
    """Opens after ``failures`` consecutive failed requests and stays open for ``cooldown_seconds``.

    The failure count survives the cooldown, so the first request after it (half-open) re-opens the
    breaker if it fails, and a success resets everything.
    """

    def __init__(self, name: str, *, failures: int, cooldown_seconds: int) -> None:
        self.failures = failures
        self.cooldown_seconds = cooldown_seconds
        self._count_key = f"ai:breaker:{name}:failures"
        self._open_key = f"ai:breaker:{name}:open-until"

    def check(self) -> None:
        """Raise CircuitOpen without touching the network while the breaker is open."""
        open_until = cache.get(self._open_key)
        if open_until is not None:
            raise CircuitOpen(f"circuit open for another {max(0.0, open_until - time.time()):.0f} s")

    def is_open(self) -> bool:
        return cache.get(self._open_key) is not None

    def record_success(self) -> None:
        cache.delete_many([self._count_key, self._open_key])

    def record_failure(self) -> None:
        if self._increment() >= self.failures:
            cache.set(self._open_key, time.time() + self.cooldown_seconds, timeout=self.cooldown_seconds)

    def _increment(self) -> int:
        try:
            return cache.incr(self._count_key)
        except ValueError:  # first failure since the last success
            cache.add(self._count_key, 0, timeout=None)
            return cache.incr(self._count_key)
