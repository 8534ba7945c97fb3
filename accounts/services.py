"""Account writes: registration, login and tokens, verification, passwords, profile, deletion."""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import TokenError

from accounts import selectors
from accounts.hooks import personal_data_erasure
from accounts.models import IssuedRefreshToken, User
from accounts.tokens import (
    RESET_PASSWORD,
    VERIFY_EMAIL,
    AccountTokenError,
    RefreshToken,
    make_account_token,
    read_account_token,
)
from kernel.api import ratelimit
from kernel.emails import send_templated_email
from kernel.errors import Conflict, TooManyRequests, Unauthenticated, ValidationFailed
from kernel.outbox import enqueue_on_commit

logger = logging.getLogger(__name__)


@functools.cache
def _dummy_password_hash() -> str:
    """Compared against when the email is unknown, so a failed login costs the same time whether or
    not the account exists. Made on first use, by the hasher configured then, not at import."""
    return make_password("interviewprep-timing-equaliser")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def _validate_password(password: str, *, user: User, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed(details={field: list(exc.messages)}) from exc


# --- Registration and verification ---------------------------------------------


def user_register(*, email: str, password: str, name: str, client_ip: str, language: str = "") -> User:
    ratelimit.enforce(group="register:ip", value=client_ip, rate=settings.RATELIMIT_REGISTER_PER_IP)
    user = User(email=normalize_email(email), name=name.strip(), settings={"language": language} if language else {})
    _validate_password(password, user=user)
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
    _queue_verification_email(user)
    return user


def _queue_verification_email(user: User) -> None:
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
    ratelimit.enforce(group="email:ip", value=client_ip, rate=settings.RATELIMIT_EMAIL_PER_IP, fail_closed=True)
    ratelimit.enforce(group="verify:email", value=email, rate=settings.RATELIMIT_EMAIL_PER_ADDRESS, fail_closed=True)
    enqueue_on_commit(resend_verification_email_task, email=email)


def verification_email_resend_by_address(*, email: str) -> None:
    user = selectors.user_get_by_email(email=email)
    if user is not None:
        verification_email_send(user_id=str(user.pk))


def user_verify_email(*, token: str) -> User:
    user = _read_account_token(token=token, purpose=VERIFY_EMAIL, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    user.is_email_verified = True
    user.save(update_fields=["is_email_verified", "updated_at"])
    return user


def users_mark_verified(*, user_ids: list[Any]) -> int:
    verified = User.objects.filter(pk__in=user_ids, is_email_verified=False).update(is_email_verified=True)
    users_cache_forget(user_ids=user_ids)
    return verified


def _read_account_token(**kwargs: Any) -> User:
    try:
        return read_account_token(**kwargs)
    except AccountTokenError as exc:
        message = (
            _("This link has expired. Ask for a new one.")
            if exc.code == "token_expired"
            else _("This link is invalid or has already been used.")
        )
        raise ValidationFailed(message, code=exc.code) from exc


# --- Login and tokens --------------------------------------------------------------


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
    password_ok = check_password(password, user.password if user else _dummy_password_hash())
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


def refresh_tokens_revoke_all(*, user_ids: list[Any]) -> int:
    """Sign the users out everywhere (their access tokens lapse within 15 minutes)."""
    return IssuedRefreshToken.objects.filter(user_id__in=user_ids, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# --- Passwords ------------------------------------------------------------------------


def password_forgot(*, email: str, client_ip: str) -> None:
    """Same answer and same work whether the account exists (the lookup happens in the task)."""
    from accounts.tasks import send_password_reset_email_task

    email = normalize_email(email)
    ratelimit.enforce(group="email:ip", value=client_ip, rate=settings.RATELIMIT_EMAIL_PER_IP, fail_closed=True)
    ratelimit.enforce(group="reset:email", value=email, rate=settings.RATELIMIT_EMAIL_PER_ADDRESS, fail_closed=True)
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
    _validate_password(new_password, user=user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    refresh_tokens_revoke_all(user_ids=[user.pk])


def password_reset(*, token: str, new_password: str) -> User:
    user = _read_account_token(token=token, purpose=RESET_PASSWORD, max_age=settings.PASSWORD_RESET_MAX_AGE)
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


# --- Profile and deletion -----------------------------------------------------------------

PROFILE_FIELDS = ("name", "target_role", "experience_level", "skills", "settings")


def user_update(*, user: User, data: dict[str, Any]) -> User:
    """Apply a validated partial profile update; ``settings`` keys merge into the existing ones."""
    for field in PROFILE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "settings":
            value = {**(user.settings or {}), **value}
        setattr(user, field, value)
    user.full_clean(exclude=["password", "email"])
    user.save()
    return user


def user_delete(*, user: User, password: str) -> None:
    if not user.check_password(password):
        raise ValidationFailed(details={"password": [_("Password is incorrect.")]})
    user_erase(user=user)


def user_erase(*, user: User) -> None:
    """Remove the account and its personal data: other apps' receivers run
    first, then cascading foreign keys take the rest."""
    user_id = user.pk
    personal_data_erasure.send(sender=User, user=user)
    user.delete()
    logger.info("account %s deleted", user_id)


def users_deactivate(*, user_ids: list[Any]) -> int:
    count = User.objects.filter(pk__in=user_ids, is_active=True).update(is_active=False)
    users_cache_forget(user_ids=user_ids)
    refresh_tokens_revoke_all(user_ids=user_ids)
    return count


def users_cache_forget(*, user_ids: list[Any]) -> None:
    """Drop cached copies of these accounts (see selectors.user_get_authenticated); a bulk
    ``update()`` sends no signal, so the services that make one call this themselves."""
    cache.delete_many([selectors.authenticated_user_key(user_id) for user_id in user_ids])


# --- Demo data ------------------------------------------------------------------------------

DEMO_ADMIN = ("admin@interviewprep.local", "interviewprep-admin", "Demo Admin")
DEMO_USER = ("demo@interviewprep.local", "interviewprep-demo", "Demo Candidate")


def demo_users_seed() -> str:
    """Create the staff superuser and the demo candidate the README lists, once."""
    created = []
    email, password, name = DEMO_ADMIN
    if not selectors.user_email_taken(email=email):
        User.objects.create_superuser(email, password, name=name)
        created.append(email)
    email, password, name = DEMO_USER
    if not selectors.user_email_taken(email=email):
        User.objects.create_user(
            email,
            password,
            name=name,
            is_email_verified=True,
            target_role="Backend developer",
            experience_level="middle",
            skills=["Python", "Django", "SQL"],
        )
        created.append(email)
    return f"demo users: created {', '.join(created)}" if created else "demo users: already present"
