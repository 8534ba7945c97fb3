"""Receivers that turn domain signals into analytics records.

Creations come from ``post_save``; the transitions interviews makes with
conditional updates come from its hooks; checkout, chat messages and resume
uploads are recorded by ``event_record`` calls in their services.
"""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from djstripe.signals import WEBHOOK_SIGNALS

from accounts.models import IssuedRefreshToken, User
from ai.events import ai_call_finished
from ai.types import Usage
from analytics.models import Event
from analytics.services import ai_call_record, event_record
from interviewprep.api.fields import parse_object_id
from interviews.hooks import answer_evaluated, interview_completed
from interviews.models import Answer, Interview


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


@receiver(interview_completed, dispatch_uid="analytics.interview_completed")
def record_interview_completed(sender: type, interview: Interview, **kwargs: Any) -> None:
    event_record(
        name=Event.Name.INTERVIEW_COMPLETED, user_id=interview.user_id, properties={"interview_id": str(interview.pk)}
    )


@receiver(answer_evaluated, dispatch_uid="analytics.answer_evaluated")
def record_answer_evaluated(sender: type, answer: Answer, **kwargs: Any) -> None:
    event_record(
        name=Event.Name.ANSWER_EVALUATED,
        user_id=answer.user_id,
        properties={"answer_id": str(answer.pk), "score": answer.score},
    )


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
