"""The admin site's sign-in limits (the API login counts its failures in services.login)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from accounts.services.common import normalize_email
from kernel.api import ratelimit


def admin_login_check(*, email: str, client_ip: str) -> None:
    """Before the admin site checks a password, under the same two limits as the API login with
    their own rates: every attempt per IP, and failed attempts per email (429 while exceeded,
    right password or not). The count never depends on whether the account exists."""
    ratelimit.enforce(
        group="admin-login:ip", value=client_ip, rate=settings.RATELIMIT_ADMIN_LOGIN_PER_IP, fail_closed=True
    )
    ratelimit.enforce(**_admin_login_failures(email), increment=False)


def admin_login_failed(*, email: str) -> None:
    """Count a refused admin sign-in; the one that goes past the limit is answered with 429 itself."""
    ratelimit.enforce(**_admin_login_failures(email))


def _admin_login_failures(email: str) -> dict[str, Any]:
    return dict(
        group="admin-login:failed-email",
        value=normalize_email(email),
        rate=settings.RATELIMIT_ADMIN_LOGIN_FAILURES_PER_EMAIL,
        fail_closed=True,
    )
