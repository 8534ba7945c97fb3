"""API sign-in and its tokens: login under the attempt limits, refresh rotation, logout, revocation."""

from __future__ import annotations

import functools
import logging
from typing import Any

from bson import ObjectId
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import TokenError

from accounts import selectors
from accounts.models import IssuedRefreshToken, User
from accounts.services.common import normalize_email
from accounts.tokens import RefreshToken
from kernel.api import ratelimit
from kernel.errors import TooManyRequests, Unauthenticated

logger = logging.getLogger(__name__)


@functools.cache
def _dummy_password_hash() -> str:
    """Compared against when the email is unknown, so a failed login costs the same time whether or
    not the account exists. Made on first use, by the hasher configured then, not at import."""
    return make_password("interviewprep-timing-equaliser")


def auth_login(*, email: str, password: str, client_ip: str) -> tuple[User, RefreshToken]:
    """Check credentials under two limits: all attempts per IP, and failed
    attempts per email (the one past the limit gets 429, and so does every
    attempt on that email until the window ends, right password or not)."""
    email = normalize_email(email)
    ratelimit.enforce(group="login:ip", value=client_ip, rate=settings.RATELIMIT_LOGIN_PER_IP, fail_closed=True)
    failures: dict[str, Any] = dict(
        group="login:failed-email", value=email, rate=settings.RATELIMIT_LOGIN_FAILURES_PER_EMAIL, fail_closed=True
    )
    ratelimit.enforce(**failures, increment=False)

    user = selectors.user_get_by_email(email=email)
    # The user's own check_password rehashes a hash of another cost to the first configured hasher.
    password_ok = user.check_password(password) if user else check_password(password, _dummy_password_hash())
    if user is None or not password_ok or not user.is_active:
        current = ratelimit.usage(**failures, increment=True)
        if current.exceeded:
            raise TooManyRequests(
                _("Too many failed sign-in attempts. Try again later."), retry_after=current.retry_after
            )
        raise Unauthenticated(_("Email or password is incorrect."), code="invalid_credentials")

    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return user, RefreshToken.for_user(user)


def _decode_refresh(raw: str) -> RefreshToken:
    try:
        return RefreshToken(raw)  # type: ignore[arg-type]  # the stubs omit the encoded-string form
    except TokenError as exc:
        raise Unauthenticated(_("Refresh token is invalid or expired."), code="token_not_valid") from exc


def auth_refresh(*, refresh: str, client_ip: str) -> RefreshToken:
    """Rotate: the presented token is spent by one conditional update, so of
    two concurrent uses only one wins. Presenting a spent token is treated as
    theft: every refresh token of that user is revoked."""
    ratelimit.enforce(group="refresh:ip", value=client_ip, rate=settings.RATELIMIT_REFRESH_PER_IP)
    token = _decode_refresh(refresh)
    spent = IssuedRefreshToken.objects.filter(jti=token["jti"], revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not spent:
        reused = IssuedRefreshToken.objects.filter(jti=token["jti"]).values_list("user_id", flat=True).first()
        if reused is not None:
            logger.warning("refresh token reuse detected; revoking every session of user %s", reused)
            IssuedRefreshToken.objects.filter(user_id=reused, revoked_at__isnull=True).update(revoked_at=timezone.now())
        raise Unauthenticated(_("Refresh token has been revoked."), code="token_revoked")
    user = selectors.user_get_active(user_id=token["user_id"])
    if user is None:
        raise Unauthenticated(_("Refresh token is invalid or expired."), code="token_not_valid")
    return RefreshToken.for_user(user)


def auth_logout(*, refresh: str) -> None:
    token = _decode_refresh(refresh)
    IssuedRefreshToken.objects.filter(jti=token["jti"], revoked_at__isnull=True).update(revoked_at=timezone.now())


def refresh_tokens_revoke_all(*, user_ids: list[ObjectId]) -> int:
    """Sign the users out everywhere (their access tokens lapse within 15 minutes)."""
    return IssuedRefreshToken.objects.filter(user_id__in=user_ids, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
