import re

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import override_settings

from accounts.models import User
from conftest import PASSWORD, authenticate

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-much-better-passphrase-2026"


def _link_token(message) -> str:
    match = re.search(r"token=([^\s\"&]+)", message.body)
    assert match, message.body
    return match.group(1)


def _login(client, email="ada@example.com", password=PASSWORD):
    return client.post("/api/v1/auth/login/", {"email": email, "password": password})


# --- Registration and verification -----------------------------------------------


def test_registration_creates_an_unverified_user_and_emails_a_link(api_client):
    response = api_client.post(
        "/api/v1/auth/register/", {"email": "New@Example.com", "password": NEW_PASSWORD, "name": "New Person"}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "new@example.com"
    assert body["is_email_verified"] is False
    assert body["plan"] == "free"
    assert set(body) == {
        "id",
        "email",
        "name",
        "is_email_verified",
        "role",
        "target_role",
        "experience_level",
        "skills",
        "settings",
        "plan",
        "date_joined",
    }
    [message] = mail.outbox
    assert "verify-email?token=" in message.body
    assert isinstance(message, EmailMultiAlternatives) and message.alternatives[0][1] == "text/html"


def test_registering_a_taken_email_is_a_409_with_a_clear_code(api_client, user):
    response = api_client.post(
        "/api/v1/auth/register/", {"email": "ADA@example.com", "password": NEW_PASSWORD, "name": "Copy"}
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "email_taken"


def test_weak_password_is_rejected_with_field_messages(api_client):
    response = api_client.post(
        "/api/v1/auth/register/", {"email": "w@example.com", "password": "12345678", "name": "W"}
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"]["password"]
    assert not User.objects.filter(email="w@example.com").exists()


def test_registration_validates_email_format(api_client):
    response = api_client.post("/api/v1/auth/register/", {"email": "nope", "password": NEW_PASSWORD, "name": "X"})

    assert response.status_code == 400
    assert "email" in response.json()["error"]["details"]


def test_verification_link_verifies_once(api_client):
    api_client.post("/api/v1/auth/register/", {"email": "v@example.com", "password": NEW_PASSWORD, "name": "V"})
    token = _link_token(mail.outbox[0])

    first = api_client.post("/api/v1/auth/verify-email/", {"token": token})
    second = api_client.post("/api/v1/auth/verify-email/", {"token": token})

    assert first.status_code == 200
    assert first.json()["is_email_verified"] is True
    assert second.status_code == 400
    assert second.json()["error"]["code"] == "token_invalid"


def test_expired_verification_link_is_rejected(api_client):
    api_client.post("/api/v1/auth/register/", {"email": "v@example.com", "password": NEW_PASSWORD, "name": "V"})
    token = _link_token(mail.outbox[0])

    with override_settings(EMAIL_VERIFICATION_MAX_AGE=__import__("datetime").timedelta(seconds=-1)):
        response = api_client.post("/api/v1/auth/verify-email/", {"token": token})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "token_expired"


def test_tampered_verification_link_is_rejected(api_client):
    response = api_client.post("/api/v1/auth/verify-email/", {"token": "eyJ1IjoiMSJ9:forged:sig"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "token_invalid"


def test_resend_verification_answers_the_same_for_unknown_and_unverified_addresses(api_client):
    User.objects.create_user("unverified@example.com", PASSWORD, name="U")

    known = api_client.post("/api/v1/auth/resend-verification/", {"email": "unverified@example.com"})
    unknown = api_client.post("/api/v1/auth/resend-verification/", {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    assert [m.to for m in mail.outbox] == [["unverified@example.com"]]


def test_unverified_user_can_sign_in_and_sees_the_flag(api_client):
    User.objects.create_user("unverified@example.com", PASSWORD, name="U")

    response = _login(api_client, "unverified@example.com")

    assert response.status_code == 200
    assert response.json()["user"]["is_email_verified"] is False


# --- Login, refresh, logout ------------------------------------------------------------


def test_login_returns_tokens_and_sets_a_secure_http_only_refresh_cookie(api_client, user):
    response = _login(api_client)

    assert response.status_code == 200
    body = response.json()
    assert {"access", "refresh", "user"} <= set(body)
    assert body["user"]["email"] == user.email
    cookie = response.cookies["refresh_token"]
    assert cookie.value == body["refresh"]
    assert cookie["httponly"] and cookie["secure"]
    assert cookie["samesite"] == "Lax"


def test_access_token_opens_the_profile(api_client, user):
    access = _login(api_client).json()["access"]

    response = api_client.get("/api/v1/auth/me/", HTTP_AUTHORIZATION=f"Bearer {access}")

    assert response.status_code == 200
    assert response.json()["email"] == user.email


def test_wrong_password_and_unknown_email_get_the_same_401(api_client, user):
    wrong = _login(api_client, password="wrong-password")
    unknown = _login(api_client, email="nobody@example.com")

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"


def test_deactivated_user_cannot_sign_in(api_client, user):
    User.objects.filter(pk=user.pk).update(is_active=False)

    assert _login(api_client).status_code == 401


def test_refresh_rotates_and_the_old_token_is_refused(api_client, user):
    old = _login(api_client).json()["refresh"]

    rotated = api_client.post("/api/v1/auth/refresh/", {"refresh": old})
    reused = api_client.post("/api/v1/auth/refresh/", {"refresh": old})

    assert rotated.status_code == 200
    assert rotated.json()["refresh"] != old
    assert reused.status_code == 401
    assert reused.json()["error"]["code"] == "token_revoked"


def test_reusing_a_rotated_token_revokes_the_whole_session_family(api_client, user):
    old = _login(api_client).json()["refresh"]
    newest = api_client.post("/api/v1/auth/refresh/", {"refresh": old}).json()["refresh"]

    api_client.post("/api/v1/auth/refresh/", {"refresh": old})  # a thief replays the stolen token
    response = api_client.post("/api/v1/auth/refresh/", {"refresh": newest})

    assert response.status_code == 401


def test_refresh_accepts_the_cookie_when_the_body_has_none(api_client, user):
    _login(api_client)  # the client keeps the refresh_token cookie

    response = api_client.post("/api/v1/auth/refresh/", {})

    assert response.status_code == 200
    assert response.json()["access"]


def test_refresh_without_any_token_is_401(api_client):
    response = api_client.post("/api/v1/auth/refresh/", {})

    assert response.status_code == 401


def test_an_access_token_is_not_a_refresh_token(api_client, user):
    access = _login(api_client).json()["access"]

    response = api_client.post("/api/v1/auth/refresh/", {"refresh": access})

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_not_valid"


def test_logout_revokes_the_refresh_token(api_client, user):
    refresh = _login(api_client).json()["refresh"]

    logout = api_client.post("/api/v1/auth/logout/", {"refresh": refresh})
    after = api_client.post("/api/v1/auth/refresh/", {"refresh": refresh})

    assert logout.status_code == 204
    assert after.status_code == 401


def test_tampered_and_garbage_access_tokens_are_401(api_client, user):
    access = _login(api_client).json()["access"]
    tampered = access[:-3] + ("abc" if access[-3:] != "abc" else "xyz")

    for token in (tampered, "garbage", ""):
        response = api_client.get("/api/v1/auth/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 401
        assert "error" in response.json()


def test_profile_needs_authentication(api_client):
    response = api_client.get("/api/v1/auth/me/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


# --- Rate limits -------------------------------------------------------------------------


def test_eleventh_failed_login_for_one_email_is_429_with_retry_after(api_client, user):
    statuses = [_login(api_client, password=f"wrong-{i}").status_code for i in range(11)]

    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    locked = _login(api_client)  # even the right password waits for the window
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0
    assert locked.json()["error"]["code"] == "rate_limited"


def test_a_locked_email_does_not_lock_other_accounts_from_the_same_ip(api_client, user, other_user):
    for i in range(11):
        _login(api_client, password=f"wrong-{i}")

    response = _login(api_client, email=other_user.email)

    assert response.status_code == 200


@override_settings(RATELIMIT_LOGIN_PER_IP="3/15m")
def test_login_attempts_per_ip_are_limited(api_client, user):
    statuses = [_login(api_client).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


@override_settings(RATELIMIT_EMAIL_PER_ADDRESS="2/h")
def test_forgot_password_is_limited_per_email(api_client, user):
    statuses = [api_client.post("/api/v1/auth/forgot-password/", {"email": user.email}).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


@override_settings(RATELIMIT_REGISTER_PER_IP="1/h")
def test_registration_is_limited_per_ip(api_client):
    first = api_client.post("/api/v1/auth/register/", {"email": "a@example.com", "password": NEW_PASSWORD, "name": "A"})
    second = api_client.post(
        "/api/v1/auth/register/", {"email": "b@example.com", "password": NEW_PASSWORD, "name": "B"}
    )

    assert (first.status_code, second.status_code) == (201, 429)


# --- Password reset and change -----------------------------------------------------------


def test_forgot_password_looks_identical_for_known_and_unknown_emails(api_client, user):
    known = api_client.post("/api/v1/auth/forgot-password/", {"email": user.email})
    unknown = api_client.post("/api/v1/auth/forgot-password/", {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_password_reset_changes_the_password_and_revokes_every_session(api_client, user):
    refresh = _login(api_client).json()["refresh"]
    api_client.post("/api/v1/auth/forgot-password/", {"email": user.email})
    token = _link_token(mail.outbox[0])

    reset = api_client.post("/api/v1/auth/reset-password/", {"token": token, "new_password": NEW_PASSWORD})
    reused_link = api_client.post("/api/v1/auth/reset-password/", {"token": token, "new_password": NEW_PASSWORD + "x"})

    assert reset.status_code == 200
    assert reused_link.status_code == 400
    assert api_client.post("/api/v1/auth/refresh/", {"refresh": refresh}).status_code == 401
    assert _login(api_client, password=NEW_PASSWORD).status_code == 200


def test_password_reset_rejects_a_weak_password(api_client, user):
    api_client.post("/api/v1/auth/forgot-password/", {"email": user.email})
    token = _link_token(mail.outbox[0])

    response = api_client.post("/api/v1/auth/reset-password/", {"token": token, "new_password": "password"})

    assert response.status_code == 400
    assert response.json()["error"]["details"]["new_password"]


def test_password_change_needs_the_current_password_and_signs_out_other_sessions(api_client, auth_client, user):
    refresh = _login(api_client).json()["refresh"]

    wrong = auth_client.post("/api/v1/users/me/password/", {"current_password": "nope", "new_password": NEW_PASSWORD})
    right = auth_client.post("/api/v1/users/me/password/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})

    assert wrong.status_code == 400
    assert "current_password" in wrong.json()["error"]["details"]
    assert right.status_code == 200
    assert api_client.post("/api/v1/auth/refresh/", {"refresh": refresh}).status_code == 401


# --- Profile and deletion ------------------------------------------------------------------


def test_profile_update_changes_only_the_given_fields_and_merges_settings(auth_client, user):
    User.objects.filter(pk=user.pk).update(settings={"language": "en"})

    response = auth_client.patch(
        "/api/v1/users/me/",
        {
            "target_role": "Backend developer",
            "skills": ["Python", "python", " Django "],
            "settings": {"timezone": "Europe/Moscow"},
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert body["target_role"] == "Backend developer"
    assert body["skills"] == ["Python", "Django"]
    assert body["settings"] == {"language": "en", "timezone": "Europe/Moscow"}
    assert body["name"] == user.name


def test_profile_update_rejects_bad_values(auth_client):
    response = auth_client.patch(
        "/api/v1/users/me/", {"experience_level": "wizard", "settings": {"timezone": "Mars/Olympus"}}
    )

    assert response.status_code == 400
    assert set(response.json()["error"]["details"]) == {"experience_level", "settings"}


def test_users_cannot_change_their_own_role_or_email(auth_client, user):
    auth_client.patch("/api/v1/users/me/", {"role": "admin", "email": "evil@example.com"})

    user.refresh_from_db()
    assert (user.role, user.email) == ("user", "ada@example.com")


def test_account_deletion_needs_the_password_and_removes_the_account(auth_client, api_client, user):
    refresh = _login(api_client).json()["refresh"]

    wrong = auth_client.delete("/api/v1/users/me/", {"password": "nope"})
    right = auth_client.delete("/api/v1/users/me/", {"password": PASSWORD})

    assert wrong.status_code == 400
    assert right.status_code == 204
    assert not User.objects.filter(pk=user.pk).exists()
    assert _login(api_client).status_code == 401
    assert api_client.post("/api/v1/auth/refresh/", {"refresh": refresh}).status_code == 401
    assert auth_client.get("/api/v1/auth/me/").status_code == 401


def test_one_user_only_ever_sees_their_own_profile(auth_client, other_client, user, other_user):
    mine = auth_client.get("/api/v1/auth/me/").json()
    theirs = other_client.get("/api/v1/auth/me/").json()

    assert mine["id"] == str(user.pk) and theirs["id"] == str(other_user.pk)
    other_client.patch("/api/v1/users/me/", {"name": "Changed"})
    user.refresh_from_db()
    assert user.name == "Ada Lovelace"


def test_token_for_a_malformed_user_id_is_401_not_500(api_client, user):
    from rest_framework_simplejwt.tokens import AccessToken

    token = AccessToken()
    token["user_id"] = "not-an-object-id"
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    assert api_client.get("/api/v1/auth/me/").status_code == 401


def test_authenticate_helper_issues_a_working_token(api_client, user):
    assert authenticate(api_client, user).get("/api/v1/auth/me/").status_code == 200
