"""Coaching work for the worker. Tasks take ids and are idempotent (the services claim their work)."""

from __future__ import annotations

from celery import Task, shared_task

from accounts.models import User
from coaching import services
from kernel.task_policies import AI_TASK, is_final_attempt, is_redelivered


@shared_task(**AI_TASK)
def analyze_resume_task(self: Task, *, resume_id: str) -> None:
    """On the last attempt (or an eager run, which cannot retry) the resume is marked failed instead of raising."""
    services.resume_analyze(resume_id=resume_id, final_attempt=is_final_attempt(self), redelivered=is_redelivered(self))


@shared_task(acks_late=True)
def practice_schedule_sync_task(*, user_id: str) -> int:
    user = User.objects.filter(pk=user_id).first()
    return services.practice_schedule_sync(user=user) if user else 0
