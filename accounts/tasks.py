"""Account emails, sent by the worker so requests never wait on SMTP."""

from typing import Any

from celery import shared_task

from accounts import services

_EMAIL_RETRY: dict[str, Any] = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**_EMAIL_RETRY)
def send_verification_email_task(*, user_id: str) -> None:
    services.verification_email_send(user_id=user_id)


@shared_task(**_EMAIL_RETRY)
def resend_verification_email_task(*, email: str) -> None:
    services.verification_email_resend_by_address(email=email)


@shared_task(**_EMAIL_RETRY)
def send_password_reset_email_task(*, email: str) -> None:
    services.password_reset_email_send(email=email)
