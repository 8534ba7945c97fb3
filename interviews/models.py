"""Mock interviews, their answers, share links and weekly digests."""

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

from accounts.models import ExperienceLevel
from kernel.db.indexes import TTLIndex
from questions.models import Question

# The most questions one interview asks.
MAX_QUESTIONS = 20


class InterviewQuestion(EmbeddedModel):
    """A question as asked in one interview: embedded, because it is read with
    its interview and owned by it. ``question_id`` is the bank question's id."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ANSWERED = "answered", _("Answered")
        SKIPPED = "skipped", _("Skipped")

    # Annotated by hand: django-stubs does not treat EmbeddedModel as a model.
    question_id: ObjectIdField = ObjectIdField()
    order: models.PositiveSmallIntegerField = models.PositiveSmallIntegerField()
    text: models.CharField = models.CharField(max_length=1000)
    type: models.CharField = models.CharField(max_length=12, choices=Question.Type.choices)
    status: models.CharField = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    is_follow_up: models.BooleanField = models.BooleanField(default=False)
    # Why the plan chose it: the requirement, resume gap or due review it covers.
    reason: models.CharField = models.CharField(max_length=300, blank=True, default="")


class Interview(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        EVALUATING = "evaluating", _("Evaluating")
        COMPLETED = "completed", _("Completed")
        ABANDONED = "abandoned", _("Abandoned")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviews")
    user_id: ObjectId  # django-stubs cannot derive attnames of ObjectId keys
    type = models.CharField(_("type"), max_length=12, choices=Question.Type.choices)
    level = models.CharField(_("level"), max_length=10, choices=ExperienceLevel.choices)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    job_description = models.TextField(_("job description"), max_length=5000, blank=True)
    skills = ArrayField(models.CharField(max_length=50), default=list, blank=True, max_size=20)
    # What the question plan read from the job: {"skills": [...], "seniority": "", "domain": "", "provider": ""}.
    requirements = models.JSONField(default=dict, blank=True)
    track = models.ForeignKey(
        "questions.Track", on_delete=models.SET_NULL, null=True, blank=True, related_name="interviews"
    )
    track_id: ObjectId | None
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    questions = EmbeddedModelArrayField(InterviewQuestion, default=list)
    # Set once by a conditional update, so concurrent evaluations add at most one follow-up.
    follow_up_added = models.BooleanField(default=False)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    overall_score = models.FloatField(_("overall score"), null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["user", "-started_at"], name="interview_user_started_idx"),
            models.Index(fields=["user", "status", "-started_at"], name="interview_user_status_idx"),
            # The admin's lists sort by the ordering plus -pk (a total order), hence the trailing -id.
            models.Index(fields=["status", "-started_at", "-id"], name="interview_status_idx"),
            models.Index(fields=["type", "level"], name="interview_type_level_idx"),
            models.Index(fields=["-started_at", "-id"], name="interview_started_idx"),
            # Analytics: completions per day and scores by type and level.
            models.Index(fields=["status", "completed_at"], name="interview_completed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({self.level}) {self.started_at:%Y-%m-%d}"


def answer_audio_path(instance: Answer, filename: str) -> str:
    """One folder per user (erasing a user removes it); a random name so nothing is guessable or overwritten."""
    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"answers/{instance.user_id}/{uuid.uuid4().hex}{suffix}"


class Answer(models.Model):
    class EvaluationStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    interview_id: ObjectId
    user_id: ObjectId
    question_id: ObjectId
    text = models.TextField(_("text"), max_length=20000, blank=True)
    audio = models.FileField(_("audio"), upload_to=answer_audio_path, blank=True, max_length=200)
    audio_content_type = models.CharField(max_length=40, blank=True)
    transcript = models.TextField(_("transcript"), max_length=20000, blank=True)
    # Coding questions: the submitted code, its language, and what its run against the hidden tests showed.
    code = models.TextField(_("code"), max_length=65536, blank=True)
    code_language = models.CharField(_("code language"), max_length=12, blank=True)
    code_result = models.JSONField(default=dict, blank=True)
    speech_metrics = models.JSONField(default=dict, blank=True)
    evaluation_status = models.CharField(
        _("evaluation status"), max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.PENDING
    )
    evaluation_error = models.CharField(_("evaluation error"), max_length=200, blank=True)
    evaluation = models.JSONField(default=dict, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Earlier takes of this question replaced by a retake, oldest first: what was said and how it scored.
    previous_attempts = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    evaluation_started_at = models.DateTimeField(null=True, blank=True)
    evaluated_at = models.DateTimeField(_("evaluated"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["interview", "question"], name="answer_once_per_question")]
        indexes = [
            models.Index(fields=["interview", "created_at"], name="answer_interview_idx"),
            models.Index(fields=["question", "-created_at"], name="answer_question_idx"),
            # The admin's lists sort by the ordering plus -pk (a total order), hence the trailing -id.
            models.Index(fields=["evaluation_status", "created_at", "-id"], name="answer_evaluation_idx"),
            models.Index(fields=["created_at", "-id"], name="answer_created_idx"),
            models.Index(fields=["user", "evaluation_status", "evaluated_at"], name="answer_user_evaluated_idx"),
        ]

    def __str__(self) -> str:
        return f"answer {self.pk} ({self.evaluation_status})"

    @property
    def answer_text(self) -> str:
        """What was said: the typed text, else the transcript of the recording."""
        return self.text or self.transcript


class ShareLink(models.Model):
    """A read-only link to an interview's report; it works until it expires (then the TTL index removes
    it) or is revoked. Only the token's SHA-256 is stored: the database never holds a working link."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="share_links")
    interview_id: ObjectId
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("share link")
        indexes = [
            models.Index(fields=["interview", "revoked_at"], name="share_interview_idx"),
            TTLIndex(field="expires_at", name="share_link_ttl_idx"),
        ]

    def __str__(self) -> str:
        return f"share link of {self.interview_id}"


class WeeklyDigest(models.Model):
    """One weekly progress email per user and local week: the unique index makes sending idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_digests")
    user_id: ObjectId
    week_start = models.DateField()  # the Monday, in the user's time zone, of the week summarised
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("weekly digest")
        constraints = [models.UniqueConstraint(fields=["user", "week_start"], name="digest_once_per_week")]

    def __str__(self) -> str:
        return f"digest of {self.user_id} for {self.week_start}"
