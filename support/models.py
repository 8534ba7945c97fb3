"""Support tickets: a user's question and its bounded thread of user and staff messages."""

from __future__ import annotations

from bson import ObjectId
from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_mongodb_backend.fields import EmbeddedModelArrayField, ObjectIdField
from django_mongodb_backend.models import EmbeddedModel

from accounts.models import User

SUBJECT_MIN_LENGTH = 3
SUBJECT_MAX_LENGTH = 200
MESSAGE_MAX_LENGTH = 5000
# Embedded messages are read with their ticket; the bound keeps a document far below MongoDB's 16 MB.
THREAD_MAX_MESSAGES = 200


class TicketMessage(EmbeddedModel):
    """One message of a thread, stored as plain text (rendered escaped everywhere).

    ``message_id`` names it to the worker that emails a staff reply."""

    # Annotated by hand: django-stubs does not treat EmbeddedModel as a model.
    message_id: ObjectIdField = ObjectIdField(default=ObjectId)
    body: models.TextField = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    is_staff: models.BooleanField = models.BooleanField(default=False)
    author_id: ObjectIdField = ObjectIdField(null=True, blank=True)
    created_at: models.DateTimeField = models.DateTimeField(default=timezone.now)


class Ticket(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tickets")
    user_id: ObjectId  # django-stubs cannot derive attnames of ObjectId keys
    subject = models.CharField(
        _("subject"), max_length=SUBJECT_MAX_LENGTH, validators=[MinLengthValidator(SUBJECT_MIN_LENGTH)]
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        limit_choices_to={"role__in": [User.Role.STAFF, User.Role.ADMIN]},
    )
    assignee_id: ObjectId | None
    messages = EmbeddedModelArrayField(TicketMessage, default=list, max_size=THREAD_MAX_MESSAGES)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    # The SLA clock: how long the user has been waiting since they last wrote.
    last_user_message_at = models.DateTimeField(_("last user message"), default=timezone.now)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="ticket_user_created_idx"),
            models.Index(fields=["status", "priority"], name="ticket_status_priority_idx"),
            models.Index(fields=["assignee", "status"], name="ticket_assignee_status_idx"),
            # The staff queue: longest-waiting first, plus -pk (the admin's total order), by status or not.
            models.Index(fields=["-last_user_message_at", "-id"], name="ticket_last_user_message_idx"),
            models.Index(fields=["status", "-last_user_message_at", "-id"], name="ticket_status_waiting_idx"),
        ]

    def __str__(self) -> str:
        return self.subject
