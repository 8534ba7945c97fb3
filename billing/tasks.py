"""Billing emails, sent by the worker."""

from celery import shared_task

from accounts.selectors import user_get_active
from billing.selectors.entitlements import entitlements_for
from billing.selectors.plans import plans_public
from kernel.emails import send_templated_email
from kernel.task_policies import EMAIL_TASK


@shared_task(**EMAIL_TASK)
def send_payment_failed_email_task(*, user_id: str, invoice_id: str | None = None) -> None:
    user = user_get_active(user_id=user_id)
    if user is not None:
        send_templated_email(to=user.email, template="payment_failed", language=user.language, context={"user": user})


@shared_task(**EMAIL_TASK)
def send_upgrade_nudge_email_task(*, user_id: str) -> None:
    user = user_get_active(user_id=user_id)
    if user is None:
        return
    entitlements = entitlements_for(user=user)
    send_templated_email(
        to=user.email,
        template="upgrade_nudge",
        language=user.language,
        context={"user": user, "resets_at": entitlements.resets_at, "plans": plans_public()},
    )
