"""Refresh tokens recorded in MongoDB, and signed single-use account links.

simplejwt's blacklist app needs integer keys MongoDB cannot give, so every
refresh token we issue is recorded in ``IssuedRefreshToken`` (TTL on expiry)
and revoked with one conditional update.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from django.core import signing
from django.utils.crypto import salted_hmac
from rest_framework_simplejwt import tokens

from accounts.models import IssuedRefreshToken, User
from kernel.api.fields import parse_object_id


class RefreshToken(tokens.RefreshToken):
    @classmethod
    def for_user(cls, user: Any) -> RefreshToken:
        token = cast(RefreshToken, super().for_user(user))
        IssuedRefreshToken.objects.create(
            jti=token["jti"], user=user, expires_at=datetime.fromtimestamp(token["exp"], tz=UTC)
        )
        return token

    def outstand(self) -> None:
        """Nothing to do: ``for_user`` records every token we issue."""


# --- Account links (email verification, password reset) -----------------------

VERIFY_EMAIL = "verify-email"
RESET_PASSWORD = "reset-password"


class AccountTokenError(Exception):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def _state(user: User, purpose: str) -> str:
    """What the link was issued against: it stops matching once the link has
    been used (the email gets verified, the password changes)."""
    changes_on_use = user.is_email_verified if purpose == VERIFY_EMAIL else user.password
    value = f"{user.email}|{changes_on_use}"
    return salted_hmac(f"accounts.{purpose}", value).hexdigest()[:20]


def make_account_token(*, user: User, purpose: str) -> str:
    return signing.dumps({"u": str(user.pk), "s": _state(user, purpose)}, salt=f"accounts.{purpose}", compress=True)


def read_account_token(*, token: str, purpose: str, max_age: timedelta) -> User:
    """The user a valid, unexpired, unused link names; ``AccountTokenError`` otherwise."""
    try:
        payload = signing.loads(token, salt=f"accounts.{purpose}", max_age=max_age)
    except signing.SignatureExpired as exc:
        raise AccountTokenError("token_expired") from exc
    except signing.BadSignature as exc:
        raise AccountTokenError("token_invalid") from exc
    user_id = parse_object_id(payload.get("u"))
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None or payload.get("s") != _state(user, purpose):
        raise AccountTokenError("token_invalid")
    return user
