"""The sandbox worker's one task. It runs on the ``sandbox`` queue only (see README "Coding round")."""

from __future__ import annotations

import functools
import json
from dataclasses import asdict
from typing import Any

import redis
from celery import shared_task
from django.conf import settings

import sandbox

SANDBOX_QUEUE = "sandbox"  # routed in settings (CELERY_TASK_ROUTES)
_REPLY_TTL_SECONDS = 120


@shared_task(acks_late=False, ignore_result=True)
def sandbox_run_task(
    *, reply_to: str, language: str, code: str, function: str, cases: list[Any], limits: dict[str, Any]
) -> None:
    """Run in the sandbox worker only. Not retried and acknowledged early: code that brought a worker
    down must not be delivered to the next one."""
    execution = sandbox.execute(
        language=language, code=code, function=function, cases=cases, limits=sandbox.Limits(**limits)
    )
    client = reply_client()
    client.rpush(reply_to, json.dumps(asdict(execution)))
    client.expire(reply_to, _REPLY_TTL_SECONDS)


@functools.lru_cache(maxsize=2)
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=2)


def reply_client() -> redis.Redis:
    return _client(settings.REDIS_URL)
