"""The question bank: curated questions, AI-generated additions and interview follow-ups."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_mongodb_backend.fields import ArrayField

from accounts.models import ExperienceLevel
from ai.types import QuestionSpec
from questions.coding import spec_errors

_NON_WORD = re.compile(r"[\W_]+")


def text_fingerprint(text: str) -> str:
    """A key equal for texts that differ only in case, whitespace or punctuation,
    so near-identical questions are caught with one indexed lookup."""
    words = _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split()
    return hashlib.sha1(" ".join(words).encode(), usedforsecurity=False).hexdigest()


class Question(models.Model):
    class Type(models.TextChoices):
        TECHNICAL = "technical", _("Technical")
        CODING = "coding", _("Coding")
        BEHAVIORAL = "behavioral", _("Behavioral")
        HR = "hr", _("HR")
        MANAGER = "manager", _("Manager")
        SITUATIONAL = "situational", _("Situational")

    class Language(models.TextChoices):
        EN = "en", _("English")
        RU = "ru", _("Russian")

    class Review(models.TextChoices):
        APPROVED = "approved", _("Approved")
        # Written for one interview's job; kept out of the bank (inactive) until staff approve it.
        PROPOSED = "proposed", _("Proposed")
        REJECTED = "rejected", _("Rejected")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.EN)
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    level = models.CharField(_("level"), max_length=10, choices=ExperienceLevel.choices)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.CharField(_("text"), max_length=1000)
    # Derived from ``text`` in clean(); indexed so duplicate checks are one query.
    text_key = models.CharField(max_length=40, blank=True, editable=False)
    tags = ArrayField(models.CharField(max_length=50), default=list, blank=True, max_size=20)
    key_points = ArrayField(models.CharField(max_length=300), default=list, blank=True, max_size=20)
    sample_answer = models.TextField(_("sample answer"), blank=True)
    expected_duration_seconds = models.PositiveIntegerField(
        _("expected duration (seconds)"), default=120, validators=[MinValueValidator(15), MaxValueValidator(1800)]
    )
    # Coding questions only: function, starters, examples, hidden tests, limits and reference
    # solutions, embedded because they are read and written with the question (see questions.coding).
    coding = models.JSONField(_("coding spec"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_ai_generated = models.BooleanField(_("AI-generated"), default=False)
    # Asked during one interview in reply to an answer: never offered in general selection.
    is_follow_up = models.BooleanField(_("follow-up"), default=False)
    review_status = models.CharField(_("review status"), max_length=10, choices=Review.choices, default=Review.APPROVED)
    # The job text a proposed question was written for, shown to the staff who review it.
    source_job_text = models.TextField(_("source job text"), blank=True)
    usage_count = models.PositiveIntegerField(_("times asked"), default=0)
    # score_total and score_count change together in one update; average_score is
    # stored (not computed on read) so the admin can sort and filter by it.
    score_total = models.FloatField(default=0)
    score_count = models.PositiveIntegerField(_("times scored"), default=0)
    average_score = models.FloatField(_("average score"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["type", "level", "is_active", "is_follow_up", "language"], name="question_selection_idx"
            ),
            models.Index(fields=["is_active", "is_follow_up", "-created_at"], name="question_listing_idx"),
            models.Index(fields=["difficulty"], name="question_difficulty_idx"),
            models.Index(fields=["tags"], name="question_tags_idx"),
            models.Index(fields=["language"], name="question_language_idx"),
            models.Index(fields=["is_ai_generated"], name="question_ai_idx"),
            models.Index(fields=["text_key"], name="question_text_key_idx"),
            # The admin's list sorts by -created_at plus -pk (a total order), hence the trailing -id.
            models.Index(fields=["-created_at", "-id"], name="question_created_idx"),
            models.Index(fields=["usage_count"], name="question_usage_idx"),
            models.Index(fields=["average_score"], name="question_score_idx"),
            models.Index(fields=["review_status", "-created_at"], name="question_review_idx"),
        ]

    def __str__(self) -> str:
        return self.slug

    def clean(self) -> None:
        """Normalise tags (lower-case, unique) and derive the duplicate-check key;
        every write path calls full_clean(), so both always hold."""
        self.tags = list(dict.fromkeys(tag.strip().casefold() for tag in self.tags if tag.strip()))
        self.text_key = text_fingerprint(self.text)
        if self.coding:
            if self.type != self.Type.CODING:
                raise ValidationError({"coding": [_("Only coding questions take a coding spec.")]})
            if errors := spec_errors(self.coding):
                raise ValidationError({"coding": errors})

    @property
    def is_code(self) -> bool:
        """Answered with code run against hidden tests, rather than in prose."""
        return bool(self.coding)

    def as_spec(self) -> QuestionSpec:
        """The question as the AI layer takes it."""
        return QuestionSpec(
            text=self.text,
            type=self.type,
            level=self.level,
            key_points=tuple(self.key_points),
            expected_duration_seconds=self.expected_duration_seconds,
            sample_answer=self.sample_answer,
            tags=tuple(self.tags),
            language=self.language,
        )


class Track(models.Model):
    """A company or role track curated by staff: an ordered question set, or tag rules the
    interview's question plan follows (see interviews.services.plan)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    target_role = models.CharField(_("target role"), max_length=120, blank=True)
    type = models.CharField(_("type"), max_length=12, choices=Question.Type.choices, default=Question.Type.TECHNICAL)
    level = models.CharField(_("level"), max_length=10, choices=ExperienceLevel.choices, default=ExperienceLevel.MIDDLE)
    language = models.CharField(_("language"), max_length=2, choices=Question.Language.choices, default="en")
    # Asked in this order when set; otherwise the plan ranks bank questions by these tags.
    question_ids = ArrayField(models.CharField(max_length=24), default=list, blank=True, max_size=30)
    tags = ArrayField(models.CharField(max_length=50), default=list, blank=True, max_size=20)
    question_count = models.PositiveSmallIntegerField(
        _("questions"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["sort_order", "name"]
        indexes = [models.Index(fields=["is_active", "language", "sort_order", "name"], name="track_listing_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.tags = list(dict.fromkeys(tag.strip().casefold() for tag in self.tags if tag.strip()))
