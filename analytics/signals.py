"""Receivers that turn domain signals into analytics records."""

from typing import Any

from django.dispatch import receiver

from ai.events import ai_call_finished
from ai.types import Usage
from analytics.services import ai_call_record


@receiver(ai_call_finished, dispatch_uid="analytics.ai_call_finished")
def record_ai_call(sender: type, usage: Usage, **kwargs: Any) -> None:
    ai_call_record(usage=usage)
