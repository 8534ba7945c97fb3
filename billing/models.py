"""Billing records: plans, grants and accounts in the relational ``billing`` database beside
dj-stripe, and usage counters in MongoDB.

Nothing in the relational database holds a foreign key into MongoDB: users are referred to by
the string form of their ObjectId. ``Usage`` is the exception on purpose: it lives in MongoDB
(interviewprep.routers sends it there) because its limits hold through single-document
conditional updates, and it goes with its user.
"""

from __future__ import annotations

from bson import ObjectId
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_mongodb_backend.fields import ArrayField, ObjectIdAutoField

from billing.plans import ALL_FEATURES, FREE, PREMIUM


class BillingAccount(models.Model):
    """dj-stripe's subscriber: one per user, keyed by the MongoDB user id (a string)."""

    user_id = models.CharField(max_length=24, unique=True)
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email


def features_validate(value: object) -> None:
    if not isinstance(value, list) or not set(value) <= ALL_FEATURES:
        raise ValidationError(
            _("A list of features out of: %(features)s."), params={"features": ", ".join(sorted(ALL_FEATURES))}
        )


class Plan(models.Model):
    """A plan users can be on; the paid ones map to a Stripe Price. Every limit and feature
    is a column here, so staff change what a plan allows by editing it."""

    class Tier(models.TextChoices):
        FREE = FREE, _("Free")
        PREMIUM = PREMIUM, _("Premium")

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    tier = models.CharField(max_length=10, choices=Tier.choices)
    price = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    currency = models.CharField(max_length=3, default="usd")
    interval = models.CharField(max_length=5, blank=True, choices=[("", "-"), ("month", "month"), ("year", "year")])
    weekly_interview_limit = models.PositiveIntegerField(validators=[MinValueValidator(0)])
    # Retakes of a question and re-runs of a failed evaluation, together, per rolling 7 days.
    weekly_second_chance_limit = models.PositiveIntegerField(default=3, validators=[MinValueValidator(0)])
    daily_chat_message_limit = models.PositiveIntegerField(
        default=50, validators=[MinValueValidator(0)], help_text=_("Chat coach messages per UTC day.")
    )
    # What the plan unlocks, and nothing else does: removing a feature here takes it away.
    features = models.JSONField(default=list, blank=True, validators=[features_validate])
    stripe_price_id = models.CharField(max_length=64, blank=True, db_index=True)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "price"]

    def __str__(self) -> str:
        return self.name


class PremiumGrant(models.Model):
    """A complimentary premium period given by staff, without Stripe. Grants
    are never edited or deleted: revoking stamps them, so they are the audit trail."""

    user_id = models.CharField(max_length=24, db_index=True)
    email = models.EmailField()
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, limit_choices_to={"tier": PREMIUM})
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)
    granted_by = models.CharField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user_id", "ends_at"], name="grant_user_ends_idx")]

    def __str__(self) -> str:
        return f"{self.email} until {self.ends_at:%Y-%m-%d}"

    @property
    def is_current(self) -> bool:
        return self.revoked_at is None and self.starts_at <= timezone.now() < self.ends_at


class Usage(models.Model):
    """When a user used each metered thing, one document per user (see billing.metering).

    One document, so "take one only while fewer than the limit fall in the window" is a single
    conditional ``$push``: two concurrent claims of the last slot cannot both get it. Entries older
    than their window are pulled by the next claim.
    """

    id = ObjectIdAutoField(primary_key=True)  # a MongoDB document in an app whose default key is SQL's
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="usage")
    user_id: ObjectId  # django-stubs cannot derive attnames of ObjectId keys
    interview_starts = ArrayField(models.DateTimeField(), default=list, blank=True)
    # Retakes and re-runs of failed evaluations.
    second_chances = ArrayField(models.DateTimeField(), default=list, blank=True)
    chat_messages = ArrayField(models.DateTimeField(), default=list, blank=True)

    class Meta:
        verbose_name = _("usage")
        verbose_name_plural = _("usage")

    def __str__(self) -> str:
        return f"usage of {self.user_id}"
