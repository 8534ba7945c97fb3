"""Queueing Celery tasks so that none is lost while the broker (Redis) is down.

Services hand follow-up work (evaluations, emails) to ``enqueue_on_commit``. When
the broker refuses the message, does not take it within ``REDIS_TIMEOUT_SECONDS``,
or is known down (its breaker is open), it is kept as an ``OutboxTask`` in MongoDB and
``outbox_flush``, run every minute by Celery beat, sends it once Redis is back: the
request that queued it succeeds either way, and delivery is at least once (tasks
are idempotent).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from celery import Task, current_app
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

from kernel import outages
from kernel.models import OutboxTask

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task, **kwargs: Any) -> None:
    """Queue ``task(**kwargs)`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(_enqueue, task=task, kwargs=kwargs))


def _enqueue(*, task: Task, kwargs: dict[str, Any]) -> None:
    breaker = outages.BREAKERS[outages.BROKER]
    if not breaker.allows():  # known down: keep it without waiting out the broker's timeout again
        OutboxTask.objects.create(task=task.name, kwargs=kwargs)
        return
    try:
        _publish(task=task, kwargs=kwargs)
    except BrokerUnavailable as exc:
        logger.warning("broker unavailable, %s kept in the outbox: %s", task.name, exc)
        breaker.trip()
        OutboxTask.objects.create(task=task.name, kwargs=kwargs)
    else:
        breaker.record_success()


def outbox_flush() -> int:
    """Send what the broker refused earlier, oldest first, until it refuses again; returns how many were sent."""
    sent = 0
    for entry in OutboxTask.objects.order_by("created_at", "pk"):
        try:
            _publish(task=current_app.tasks[entry.task], kwargs=entry.kwargs)
        except BrokerUnavailable as exc:
            left = OutboxTask.objects.count()
            logger.warning("broker still unavailable, %d task(s) left in the outbox: %s", left, exc)
            break
        entry.delete()
        sent += 1
    return sent


def _publish(*, task: Task, kwargs: dict[str, Any]) -> None:
    # One attempt: a refused connection fails at once, and the outbox is the retry.
    task.apply_async(kwargs=kwargs, retry=False)
