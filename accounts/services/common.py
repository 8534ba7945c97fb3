"""Helpers every account flow shares: how an address is compared and how an emailed link is read."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _

from accounts.models import User
from accounts.tokens import AccountTokenError, read_account_token
from interviewprep.api.exceptions import ValidationFailed


def normalize_email(email: str) -> str:
    return email.strip().lower()


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
