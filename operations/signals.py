"""Receivers that feed the Prometheus metrics (operations/metrics.py) from Celery and the AI layer."""

from __future__ import annotations

import time
from typing import Any

from celery import Task
from celery.signals import task_postrun, task_prerun
from django.dispatch import receiver

from ai.events import ai_call_finished
from ai.types import Usage
from operations import metrics

# task id -> when its run started; prerun and postrun of one run happen in the same process.
_started: dict[str, float] = {}


@task_prerun.connect(dispatch_uid="operations.metrics.task_started")
def task_started(task_id: str, **kwargs: Any) -> None:
    _started[task_id] = time.perf_counter()


@task_postrun.connect(dispatch_uid="operations.metrics.task_finished")
def task_finished(task_id: str, task: Task, state: str | None = None, **kwargs: Any) -> None:
    """postrun comes for every run with its final state (SUCCESS, FAILURE, RETRY...): one outcome per run."""
    started = _started.pop(task_id, None)
    seconds = None if started is None else time.perf_counter() - started
    metrics.task_observe(task=task.name, state=state, seconds=seconds)


@receiver(ai_call_finished, dispatch_uid="operations.metrics.ai_call_finished")
def ai_call_finished_observe(sender: type, usage: Usage, **kwargs: Any) -> None:
    metrics.ai_call_observe(usage=usage)
