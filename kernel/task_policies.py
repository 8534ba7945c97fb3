"""Retry policies shared by the apps' Celery tasks, so each rule lives in one place."""

from __future__ import annotations

from typing import Any

from celery import Task

from kernel.errors import RetryableError

# Emails: SMTP hiccups are worth a few tries with backoff.
EMAIL_TASK: dict[str, Any] = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}

# AI work: retry what is worth retrying (an unavailable provider, malformed output) with backoff;
# acknowledged late so a killed worker's task is delivered again. The task marks its object failed on the last attempt.
AI_TASK: dict[str, Any] = {
    "bind": True,
    "autoretry_for": (RetryableError,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 3,
    "acks_late": True,
}


def is_final_attempt(task: Task) -> bool:
    """No retry is left (an eager run cannot schedule one, so its first attempt is its last)."""
    return bool(task.request.is_eager or task.request.retries >= (task.max_retries or 0))


def is_redelivered(task: Task) -> bool:
    """The broker delivered this message again: the worker that took it died before acknowledging it."""
    return bool((task.request.delivery_info or {}).get("redelivered"))
