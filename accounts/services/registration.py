"""Registration: a new account under the per-IP limit, its verification email queued."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError
from django.utils.translation import gettext as _

from accounts import selectors
from accounts.models import User
from accounts.services.common import normalize_email
from accounts.services.passwords import password_validate
from accounts.services.verification import verification_email_queue
from kernel.api import ratelimit
from kernel.errors import Conflict


def user_register(*, email: str, password: str, name: str, client_ip: str, language: str = "") -> User:
    ratelimit.enforce(group="register:ip", value=client_ip, rate=settings.RATELIMIT_REGISTER_PER_IP)
    user = User(email=normalize_email(email), name=name.strip(), settings={"language": language} if language else {})
    password_validate(password, user=user)
    user.set_password(password)
    if selectors.user_email_taken(email=user.email):
        raise Conflict(
            _("An account with this email already exists."),
            code="email_taken",
            details={"email": [_("Already registered.")]},
        )
    try:
        user.save()
    except IntegrityError as exc:  # lost a race with a concurrent registration
        raise Conflict(_("An account with this email already exists."), code="email_taken") from exc
    verification_email_queue(user=user)
    return user
