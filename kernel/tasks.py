"""Project-wide periodic tasks."""

from celery import shared_task

from kernel.outbox import outbox_flush


@shared_task
def outbox_flush_task() -> int:
    """Run every minute by Celery beat (see CELERY_BEAT_SCHEDULE)."""
    return outbox_flush()
