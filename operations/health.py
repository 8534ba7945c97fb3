"""Dependency checks for the readiness endpoint.

Readiness must answer even while a dependency hangs, or a load balancer cannot tell this
instance is sick: every check runs in its own thread with its own timeout, and the answer
goes out after ``ANSWER_SECONDS`` whatever is still running, naming it ``timeout``. Checks
ask the dependency itself (past its breaker) and report what they find to the breaker, so
the probe also closes a breaker as soon as its dependency is back.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import pymongo
from celery import current_app
from django.core.cache import caches
from django.db import connections

from kernel import outages

logger = logging.getLogger(__name__)

# The whole answer within 2 s: a check failing within its own deadline is "unavailable"; one still
# running when the answer goes out (a client whose deadline is longer) is "timeout".
CHECK_SECONDS = 1.0
ANSWER_SECONDS = 1.5


def _mongodb() -> None:
    mongodb: Any = connections["default"]
    with pymongo.timeout(CHECK_SECONDS):  # a probe must answer within its own deadline, not the request's
        mongodb.get_database().command("ping")


def _billing_database() -> None:
    connection = connections["billing"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()  # this thread ends here; its connection must not outlive it


def _cache() -> None:
    # The rate limiter's client: the default cache degrades instead of raising, and skips Redis while its
    # breaker is open.
    counters = caches["ratelimit"]
    counters.set("health:ping", "1", timeout=5)
    if counters.get("health:ping") != "1":
        raise RuntimeError("cache did not return the value it stored")


def _broker() -> None:

    with current_app.connection_for_write() as connection:
        # Opening a Redis channel sends PING, bounded by the transport's socket timeout.
        connection.ensure_connection(max_retries=1, timeout=1)
        connection.default_channel  # noqa: B018


CHECKS: dict[str, Callable[[], None]] = {
    outages.MONGODB: _mongodb,
    outages.BILLING_DATABASE: _billing_database,
    outages.CACHE: _cache,
    outages.BROKER: _broker,
}


def check_all() -> dict[str, str]:
    """``ok``, ``unavailable`` (failed) or ``timeout`` (no answer in time) for every dependency."""
    futures = {name: _in_thread(check) for name, check in CHECKS.items()}
    deadline = time.monotonic() + ANSWER_SECONDS
    results: dict[str, str] = {}
    for name, future in futures.items():
        breaker = outages.BREAKERS[name]
        try:
            future.result(timeout=max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            logger.warning("readiness check %s did not answer within %s s", name, ANSWER_SECONDS)
            results[name] = "timeout"
            breaker.trip()
        except Exception as exc:  # any failure means "not ready"; the reason is logged
            logger.warning("readiness check %s failed: %s", name, exc)
            results[name] = "unavailable"
            breaker.trip()
        else:
            results[name] = "ok"
            breaker.record_success()
    return results


def _in_thread(check: Callable[[], None]) -> Future[None]:
    """Run ``check`` in a daemon thread of its own: a hung one may outlive this request (until its client's
    timeout), and must not hold a pool slot that the next probe's checks would wait for."""
    future: Future[None] = Future()

    def run() -> None:
        try:
            check()
        except BaseException as exc:  # handed to the waiting request
            future.set_exception(exc)
        else:
            future.set_result(None)

    threading.Thread(target=run, name="readiness-check", daemon=True).start()
    return future
