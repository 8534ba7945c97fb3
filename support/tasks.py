"""Support emails, sent by the worker so neither the API nor the admin waits on SMTP."""

from typing import Any

from celery import shared_task

from support import services

_EMAIL_RETRY: dict[str, Any] = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**_EMAIL_RETRY)
def ticket_created_email_task(*, ticket_id: str) -> None:
    services.ticket_created_email_send(ticket_id=ticket_id)


@shared_task(**_EMAIL_RETRY)
def ticket_reply_email_task(*, ticket_id: str, message_id: str) -> None:
    services.ticket_reply_email_send(ticket_id=ticket_id, message_id=message_id)
