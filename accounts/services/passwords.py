"""Passwords: validation, the emailed reset, and a signed-in user's change (both sign out everywhere)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _

from accounts import selectors
from accounts.models import User
from accounts.services.cache import users_cache_forget
from accounts.services.common import account_token_read, emailed_link_limits_enforce, normalize_email
from accounts.services.login import refresh_tokens_revoke_all
from accounts.tokens import RESET_PASSWORD, make_account_token
from kernel.emails import send_templated_email
from kernel.errors import ValidationFailed
from kernel.outbox import enqueue_on_commit


def password_validate(password: str, *, user: User, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed(details={field: list(exc.messages)}) from exc


def password_forgot(*, email: str, client_ip: str) -> None:
    """Same answer and same work whether the account exists (the lookup happens in the task)."""
    from accounts.tasks import send_password_reset_email_task

    email = normalize_email(email)
    emailed_link_limits_enforce(group="reset:email", email=email, client_ip=client_ip)
    enqueue_on_commit(send_password_reset_email_task, email=email)


def password_reset_email_send(*, email: str) -> None:
    user = selectors.user_get_by_email(email=email)
    if user is None or not user.is_active:
        return
    send_templated_email(
        to=user.email,
        template="password_reset",
        language=user.language,
        context={
            "user": user,
            "token": make_account_token(user=user, purpose=RESET_PASSWORD),
            "hours": max(1, int(settings.PASSWORD_RESET_MAX_AGE.total_seconds() // 3600)),
        },
    )


def _password_set(*, user: User, new_password: str) -> None:
    password_validate(new_password, user=user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    refresh_tokens_revoke_all(user_ids=[user.pk])


def password_reset(*, token: str, new_password: str) -> User:
    user = account_token_read(token=token, purpose=RESET_PASSWORD, max_age=settings.PASSWORD_RESET_MAX_AGE)
    _password_set(user=user, new_password=new_password)
    # Following the emailed link proves the address too.
    User.objects.filter(pk=user.pk).update(is_email_verified=True)
    users_cache_forget(user_ids=[user.pk])
    user.is_email_verified = True
    return user


def password_change(*, user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        raise ValidationFailed(details={"current_password": [_("Current password is incorrect.")]})
    _password_set(user=user, new_password=new_password)
