"""Support emails, sent by the worker so neither the API nor the admin waits on SMTP."""

from celery import shared_task

from kernel.task_policies import EMAIL_TASK
from support import services


@shared_task(**EMAIL_TASK)
def ticket_created_email_task(*, ticket_id: str) -> None:
    services.ticket_created_email_send(ticket_id=ticket_id)


@shared_task(**EMAIL_TASK)
def ticket_reply_email_task(*, ticket_id: str, message_id: str) -> None:
    services.ticket_reply_email_send(ticket_id=ticket_id, message_id=message_id)
