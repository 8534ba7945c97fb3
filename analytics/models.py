"""Product analytics records."""

from django.db import models
from django.utils import timezone
from django_mongodb_backend.fields import ObjectIdField

from kernel.events import ProductEvent


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


class Event(models.Model):
    """One product event (signup, login, interview started...): written once, read by the dashboard's pipelines."""

    Name = ProductEvent  # the names domain code emits (kernel.events)

    name = models.CharField(max_length=40, choices=Name.choices)
    # A plain ObjectId, not a foreign key: events outlive deleted users and need no join.
    user_id = ObjectIdField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    properties = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["-created_at"], name="event_created_idx"),
            models.Index(fields=["name", "-created_at"], name="event_name_idx"),
            models.Index(fields=["user_id", "-created_at"], name="event_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.created_at:%Y-%m-%d %H:%M}"
