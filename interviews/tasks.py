"""Evaluation work for the worker.

Tasks take ids and are idempotent: the services claim their work with conditional updates.
"""

from typing import Any

from celery import Task, shared_task

from interviews import services
from kernel.task_policies import AI_TASK, EMAIL_TASK, is_final_attempt, is_redelivered


@shared_task(**AI_TASK)
def evaluate_answer_task(self: Task, *, answer_id: str) -> None:
    """On the last attempt the service marks the answer failed instead of raising, so it is never lost;
    a redelivered task takes over the claim its dead worker left."""
    services.answer_evaluate(
        answer_id=answer_id, final_attempt=is_final_attempt(self), redelivered=is_redelivered(self)
    )


@shared_task(acks_late=True)
def add_follow_up_task(*, answer_id: str) -> None:
    """A second model call after grading; optional, so a failure is logged and never retried."""
    services.follow_up_add(answer_id=answer_id)


@shared_task(acks_late=True)
def regrade_answer_task(*, answer_id: str) -> None:
    """No retries of its own: an answer the model could not re-grade keeps its offline score
    and the next sweep tries again."""
    services.answer_regrade(answer_id=answer_id)


@shared_task
def regrade_fallback_evaluations_task() -> int:
    """Run every five minutes by Celery beat (see CELERY_BEAT_SCHEDULE)."""
    return services.evaluations_regrade_fallback()


@shared_task(acks_late=True)
def compile_result_task(*, interview_id: str) -> Any:
    return services.result_compile(interview_id=interview_id)


@shared_task
def requeue_idle_evaluations_task() -> int:
    """Run every five minutes by Celery beat (see CELERY_BEAT_SCHEDULE)."""
    return services.evaluations_requeue_idle()


@shared_task
def close_stale_interviews_task() -> tuple[int, int]:
    """Run hourly by Celery beat (see CELERY_BEAT_SCHEDULE)."""
    return services.interviews_close_stale()


@shared_task(**EMAIL_TASK)
def send_results_ready_email_task(*, interview_id: str) -> bool:
    return services.results_ready_email_send(interview_id=interview_id)


@shared_task(**EMAIL_TASK)
def send_weekly_digests_task() -> int:
    """Run hourly by Celery beat: each user gets it on Monday morning in their own time zone."""
    return services.weekly_digests_send()
