"""Coaching data: a user's current resume, their roadmap, their review schedule and their coach conversation."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from bson import ObjectId
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_mongodb_backend.fields import ArrayField, EmbeddedModelArrayField, ObjectIdField
from django_mongodb_backend.models import EmbeddedModel


def resume_path(instance: Resume, filename: str) -> str:
    """One folder per user and a random name: nothing guessable, nothing overwritten."""
    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"resumes/{instance.user_id}/{uuid.uuid4().hex}{suffix}"


class Resume(models.Model):
    """The user's current resume; uploading another replaces it (unique per user)."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        TXT = "txt", "TXT"

    class AnalysisStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resume")
    user_id: ObjectId
    file = models.FileField(_("file"), upload_to=resume_path, max_length=200)
    filename = models.CharField(_("original name"), max_length=255, blank=True)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    text = models.TextField(_("extracted text"), blank=True)
    analysis_status = models.CharField(
        _("analysis status"), max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.PENDING
    )
    analysis_error = models.CharField(_("analysis error"), max_length=200, blank=True)
    analysis = models.JSONField(default=dict, blank=True)
    # Denormalised from the analysis so question selection reads one small field.
    skills = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    analyzed_at = models.DateTimeField(_("analysed"), null=True, blank=True)

    class Meta:
        verbose_name = _("resume")
        verbose_name_plural = _("resumes")
        indexes = [models.Index(fields=["analysis_status", "-uploaded_at"], name="resume_status_idx")]

    def __str__(self) -> str:
        return f"resume of {self.user_id} ({self.analysis_status})"


class RoadmapItem(EmbeddedModel):
    # Annotated by hand: django-stubs does not treat EmbeddedModel as a model.
    # Not "id": Django reserves that name for the (unused) primary key of the embedded model.
    item_id: ObjectIdField = ObjectIdField(default=ObjectId)
    title: models.CharField = models.CharField(max_length=200)
    description: models.TextField = models.TextField(blank=True)
    resources: ArrayField = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    due_week: models.PositiveSmallIntegerField = models.PositiveSmallIntegerField()
    topic: models.CharField = models.CharField(max_length=100, blank=True)
    completed: models.BooleanField = models.BooleanField(default=False)
    completed_at: models.DateTimeField = models.DateTimeField(null=True, blank=True)


class Roadmap(models.Model):
    """A week-by-week plan; items are embedded (read and owned together). The newest one is current;
    older ones stay as history of what was completed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roadmaps")
    user_id: ObjectId
    goal = models.CharField(_("goal"), max_length=200)
    weeks = models.PositiveSmallIntegerField(_("weeks"))
    items = EmbeddedModelArrayField(RoadmapItem, default=list)
    provider = models.CharField(max_length=40, blank=True)
    prompt_version = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        indexes = [models.Index(fields=["user", "-created_at"], name="roadmap_user_created_idx")]

    def __str__(self) -> str:
        return f"{self.goal} ({self.created_at:%Y-%m-%d})"


class ReviewItem(EmbeddedModel):
    """One weak topic or rubric criterion on the spaced-repetition schedule (SM-2 style intervals)."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Topic")
        CRITERION = "criterion", _("Criterion")

    kind: models.CharField = models.CharField(max_length=10, choices=Kind.choices)
    name: models.CharField = models.CharField(max_length=80)
    interval_days: models.FloatField = models.FloatField(default=1.0)
    ease: models.FloatField = models.FloatField(default=2.5)
    repetitions: models.PositiveSmallIntegerField = models.PositiveSmallIntegerField(default=0)
    last_score: models.FloatField = models.FloatField(null=True, blank=True)
    due_at: models.DateTimeField = models.DateTimeField()
    reviewed_at: models.DateTimeField = models.DateTimeField()


class PracticeSchedule(models.Model):
    """The user's review items in one document, read together for the roadmap and question selection.

    ``synced_until`` is the evaluated_at of the last answer applied; a sync writes only if it is
    unchanged, so concurrent syncs never apply an answer twice.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_schedule")
    user_id: ObjectId
    items = EmbeddedModelArrayField(ReviewItem, default=list)
    synced_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("practice schedule")

    def __str__(self) -> str:
        return f"practice schedule of {self.user_id}"


class ChatMessage(EmbeddedModel):
    role: models.CharField = models.CharField(max_length=10)
    content: models.TextField = models.TextField()
    created_at: models.DateTimeField = models.DateTimeField(default=timezone.now)


class Conversation(models.Model):
    """The user's conversation with the coach: one document, its messages capped by a ``$slice`` on push."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation")
    user_id: ObjectId
    messages = EmbeddedModelArrayField(ChatMessage, default=list)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("conversation")
        indexes = [models.Index(fields=["-updated_at"], name="conversation_updated_idx")]

    def __str__(self) -> str:
        return f"conversation of {self.user_id}"
