"""Receivers that turn what the apps below report into analytics records. Analytics is a sink:
no domain app imports it. Domain services emit product events through ``kernel.events``
(interview completed, answer evaluated, checkout, chat messages, resume uploads); creations the
services do not name one by one (sign-ups from any path, logins, interview starts) come from
``post_save``; subscriptions from dj-stripe's webhook signals; AI calls from the AI layer's signal.
"""

from datetime import datetime
from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from djstripe.signals import WEBHOOK_SIGNALS

from accounts.models import IssuedRefreshToken, User
from ai.events import ai_call_finished
from ai.types import Usage
from analytics.models import Event
from analytics.services import ai_call_record, event_record
from interviews.models import Interview
from kernel.api.fields import parse_object_id
from kernel.events import product_event


@receiver(ai_call_finished, dispatch_uid="analytics.ai_call_finished")
def record_ai_call(sender: type, usage: Usage, **kwargs: Any) -> None:
    ai_call_record(usage=usage)


@receiver(post_save, sender=User, dispatch_uid="analytics.signup")
def record_signup(sender: type, instance: User, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        event_record(name=Event.Name.SIGNUP, user_id=instance.pk)


@receiver(post_save, sender=IssuedRefreshToken, dispatch_uid="analytics.login")
def record_login(sender: type, instance: IssuedRefreshToken, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """Every login and refresh issues a token: both count as activity (DAU), neither needs telling apart."""
    if created and not raw:
        event_record(name=Event.Name.LOGIN, user_id=instance.user_id)  # type: ignore[attr-defined]  # stubs miss ObjectId FK attnames


@receiver(post_save, sender=Interview, dispatch_uid="analytics.interview_started")
def record_interview_started(
    sender: type, instance: Interview, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        event_record(
            name=Event.Name.INTERVIEW_STARTED,
            user_id=instance.user_id,
            properties={"interview_id": str(instance.pk), "type": instance.type, "level": instance.level},
        )


@receiver(product_event, dispatch_uid="analytics.product_event")
def record_product_event(
    sender: type, name: str, user_id: Any, properties: dict[str, Any], at: datetime | None, **kwargs: Any
) -> None:
    event_record(name=name, user_id=user_id, properties=properties, at=at)


def _subscription_event(name: str) -> Any:
    """A webhook receiver; the user is read from the subscription's metadata, which checkout sets."""

    def receiver(sender: Any, event: Any, **kwargs: Any) -> None:
        subscription = event.data.get("object", {})
        user_id = parse_object_id((subscription.get("metadata") or {}).get("user_id"))
        event_record(name=name, user_id=user_id, properties={"subscription_id": subscription.get("id", "")})

    return receiver


record_subscription_started = _subscription_event(Event.Name.SUBSCRIPTION_STARTED)
record_subscription_cancelled = _subscription_event(Event.Name.SUBSCRIPTION_CANCELLED)
WEBHOOK_SIGNALS["customer.subscription.created"].connect(
    record_subscription_started, dispatch_uid="analytics.subscription_started"
)
WEBHOOK_SIGNALS["customer.subscription.deleted"].connect(
    record_subscription_cancelled, dispatch_uid="analytics.subscription_cancelled"
)
