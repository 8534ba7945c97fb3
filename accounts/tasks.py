"""Account emails, sent by the worker so requests never wait on SMTP."""

from celery import shared_task

from accounts import services
from kernel.task_policies import EMAIL_TASK


@shared_task(**EMAIL_TASK)
def send_verification_email_task(*, user_id: str) -> None:
    services.verification_email_send(user_id=user_id)


@shared_task(**EMAIL_TASK)
def resend_verification_email_task(*, email: str) -> None:
    services.verification_email_resend_by_address(email=email)


@shared_task(**EMAIL_TASK)
def send_password_reset_email_task(*, email: str) -> None:
    services.password_reset_email_send(email=email)
