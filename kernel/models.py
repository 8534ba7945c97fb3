"""Project-wide records that belong to no single app."""

from django.db import models
from django.utils import timezone


class OutboxTask(models.Model):
    """A Celery task the broker refused; ``kernel.outbox.outbox_flush`` sends it once Redis is back."""

    task = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.task} queued at {self.created_at:%Y-%m-%d %H:%M:%S}"
