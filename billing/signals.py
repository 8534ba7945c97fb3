"""Receivers: Stripe webhook events (after dj-stripe's own handlers synced them) and account erasure."""

from typing import Any

from django.dispatch import receiver
from djstripe.signals import WEBHOOK_SIGNALS

from accounts.hooks import personal_data_erasure
from accounts.models import User
from billing import services


def _on_plan_event(sender: Any, event: Any, **kwargs: Any) -> None:
    services.stripe_event_apply(event=event)


for _event_type in services.WEBHOOK_EVENTS:
    WEBHOOK_SIGNALS[_event_type].connect(_on_plan_event, dispatch_uid=f"billing.{_event_type}")


@receiver(personal_data_erasure, dispatch_uid="billing.erase")
def erase_billing_data(sender: Any, user: User, **kwargs: Any) -> None:
    services.billing_account_erase(user=user)
