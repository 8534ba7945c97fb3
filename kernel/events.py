"""Product events (signup, checkout started, chat message...). Domain code emits them here and never
imports analytics, which sits above every domain app and records what it receives
(analytics/signals.py). Recording is best effort: an event never fails the action it describes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bson import ObjectId
from django.db import models
from django.dispatch import Signal


class ProductEvent(models.TextChoices):
    SIGNUP = "signup"
    LOGIN = "login"
    INTERVIEW_STARTED = "interview_started"
    INTERVIEW_COMPLETED = "interview_completed"
    ANSWER_EVALUATED = "answer_evaluated"
    CHECKOUT_STARTED = "checkout_started"
    SUBSCRIPTION_STARTED = "subscription_started"
    SUBSCRIPTION_CANCELLED = "subscription_cancelled"
    CHAT_MESSAGE = "chat_message"
    RESUME_UPLOADED = "resume_uploaded"


# Sent with name=, user_id=, properties=, at=; analytics is the receiver.
product_event = Signal()


def event_emit(
    *,
    name: ProductEvent,
    user_id: ObjectId | None = None,
    properties: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    product_event.send(sender=ProductEvent, name=name, user_id=user_id, properties=properties or {}, at=at)
