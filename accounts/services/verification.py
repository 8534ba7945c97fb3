"""Email verification: the emailed link, its resending, and staff marking addresses verified."""

from __future__ import annotations

from bson import ObjectId
from django.conf import settings

from accounts import selectors
from accounts.models import User
from accounts.services.cache import users_cache_forget
from accounts.services.common import account_token_read, emailed_link_limits_enforce, normalize_email
from accounts.tokens import VERIFY_EMAIL, make_account_token
from kernel.emails import send_templated_email
from kernel.outbox import enqueue_on_commit


def verification_email_queue(*, user: User) -> None:
    from accounts.tasks import send_verification_email_task

    enqueue_on_commit(send_verification_email_task, user_id=str(user.pk))


def verification_email_send(*, user_id: str) -> None:
    user = selectors.user_get_active(user_id=user_id)
    if user is None or user.is_email_verified:
        return
    send_templated_email(
        to=user.email,
        template="verify_email",
        language=user.language,
        context={
            "user": user,
            "token": make_account_token(user=user, purpose=VERIFY_EMAIL),
            "hours": int(settings.EMAIL_VERIFICATION_MAX_AGE.total_seconds() // 3600),
        },
    )


def verification_email_resend(*, email: str, client_ip: str) -> None:
    """Always succeeds from the caller's point of view (no account enumeration):
    the lookup happens in the task."""
    from accounts.tasks import resend_verification_email_task

    email = normalize_email(email)
    emailed_link_limits_enforce(group="verify:email", email=email, client_ip=client_ip)
    enqueue_on_commit(resend_verification_email_task, email=email)


def verification_email_resend_by_address(*, email: str) -> None:
    user = selectors.user_get_by_email(email=email)
    if user is not None:
        verification_email_send(user_id=str(user.pk))


def user_verify_email(*, token: str) -> User:
    user = account_token_read(token=token, purpose=VERIFY_EMAIL, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    user.is_email_verified = True
    user.save(update_fields=["is_email_verified", "updated_at"])
    return user


def users_mark_verified(*, user_ids: list[ObjectId]) -> int:
    verified = User.objects.filter(pk__in=user_ids, is_email_verified=False).update(is_email_verified=True)
    users_cache_forget(user_ids=user_ids)
    return verified
