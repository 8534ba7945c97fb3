"""Dependency checks for the readiness endpoint; each is bounded by a short timeout."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pymongo
from django.core.cache import cache
from django.db import connections

logger = logging.getLogger(__name__)


def _mongodb() -> None:
    mongodb: Any = connections["default"]
    with pymongo.timeout(2):  # not the driver's MONGODB_TIMEOUT_MS: a probe must answer quickly
        mongodb.get_database().command("ping")


def _billing_database() -> None:
    with connections["billing"].cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    cache.set("health:ping", "1", timeout=5)
    if cache.get("health:ping") != "1":
        raise RuntimeError("cache did not return the value it stored")


def _broker() -> None:
    from interviewprep.celery import app

    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=2)


CHECKS: dict[str, Callable[[], None]] = {
    "mongodb": _mongodb,
    "billing_database": _billing_database,
    "cache": _cache,
    "broker": _broker,
}


def check_all() -> dict[str, str]:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # any failure means "not ready"; the reason is logged
            logger.warning("readiness check %s failed: %s", name, exc)
            results[name] = "unavailable"
    return results
