"""Helpers every account flow shares: how an address is compared and how an emailed link is read."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.tokens import AccountTokenError, read_account_token
from kernel.api import ratelimit
from kernel.errors import ValidationFailed


def normalize_email(email: str) -> str:
    return email.strip().lower()


def emailed_link_limits_enforce(*, group: str, email: str, client_ip: str) -> None:
    """Before queueing an emailed link: the client address's limit (shared by every kind of link) and
    this address's limit for ``group``'s kind. Both fail closed: each request may send mail."""
    ratelimit.enforce(group="email:ip", value=client_ip, rate=settings.RATELIMIT_EMAIL_PER_IP, fail_closed=True)
    ratelimit.enforce(group=group, value=email, rate=settings.RATELIMIT_EMAIL_PER_ADDRESS, fail_closed=True)


def account_token_read(*, token: str, purpose: str, max_age: timedelta) -> User:
    """The user an emailed link names; 400 with the reason when it is expired, invalid or spent."""
    try:
        return read_account_token(token=token, purpose=purpose, max_age=max_age)
    except AccountTokenError as exc:
        message = (
            _("This link has expired. Ask for a new one.")
            if exc.code == "token_expired"
            else _("This link is invalid or has already been used.")
        )
        raise ValidationFailed(message, code=exc.code) from exc
