"""Evaluation work for the worker.

Tasks take ids and are idempotent: the services claim their work with conditional updates.
"""

from typing import Any

from celery import Task, shared_task

from ai.errors import InvalidModelOutput, ProviderUnavailable
from interviews import services


@shared_task(
    bind=True,
    autoretry_for=(ProviderUnavailable, InvalidModelOutput),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
    acks_late=True,
)
def evaluate_answer_task(self: Task, *, answer_id: str) -> None:
    """On the last attempt the service marks the answer failed instead of raising, so it is never lost.

    An eager run (tests, CELERY_TASK_ALWAYS_EAGER) cannot schedule a retry without raising into
    the request that queued it, so there the first attempt is the last.
    """
    final_attempt = self.request.is_eager or self.request.retries >= (self.max_retries or 0)
    services.answer_evaluate(answer_id=answer_id, final_attempt=final_attempt)


@shared_task(acks_late=True)
def compile_result_task(*, interview_id: str) -> Any:
    return services.result_compile(interview_id=interview_id)


@shared_task
def close_stale_interviews_task() -> tuple[int, int]:
    """Run hourly by Celery beat (see CELERY_BEAT_SCHEDULE)."""
    return services.interviews_close_stale()
