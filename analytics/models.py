"""Product analytics records."""

from django.db import models
from django.utils import timezone


class AICall(models.Model):
    """One AI provider call with its token usage and estimated cost (from ai.events)."""

    operation = models.CharField(max_length=40)
    provider = models.CharField(max_length=40)
    model = models.CharField(max_length=80)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    cost_usd = models.FloatField(default=0.0)
    latency_ms = models.FloatField(default=0.0)
    cached = models.BooleanField(default=False)
    ok = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "AI call"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["-created_at"], name="aicall_created_idx"),
            models.Index(fields=["provider", "-created_at"], name="aicall_provider_idx"),
            models.Index(fields=["operation", "-created_at"], name="aicall_operation_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.operation} {self.provider}/{self.model}"
