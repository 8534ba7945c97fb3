"""Password guessing: the admin sign-in is rate limited per IP and per email, and neither sign-in (API
or admin) nor the forgotten-password request tells whether an account exists, by message, status or
the work done.

The work is counted rather than timed: a password hasher that counts hash computations stands in
for Argon2. ``benchmarks/login_timing.py`` measures the real timings.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

UNKNOWN = "nobody@example.com"


class CountingHasher(MD5PasswordHasher):
    """MD5 whose ``verify`` hashes through ``encode``, so every hash computation, whether checking a
    password or Django's dummy ``set_password`` for an unknown user, is counted once here."""

    computations = 0

    def encode(self, password: str, salt: str) -> str:
        type(self).computations += 1
        return super().encode(password, salt)


@pytest.fixture
def hashes(settings: Any) -> type[CountingHasher]:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    return CountingHasher


def hashed_during(hashes: type[CountingHasher], request: Any) -> tuple[int, Any]:
    hashes.computations = 0
    response = request()
    return hashes.computations, response


def admin_login(client: Client, email: str, password: str = "wrong-password", *, ip: str = "127.0.0.1"):
    return client.post("/admin/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def error_note(response) -> str:
    note = re.search(r'<p class="errornote">\s*(.*?)\s*</p>', response.content.decode(), re.S)
    assert note, "no error shown"
    return note.group(1)


def without_wait(page: bytes) -> bytes:
    return re.sub(rb"Try again in \d+ minute", b"Try again in N minute", page)


@pytest.fixture
def accounts(db: None) -> dict[str, User]:
    return {
        "staff": make_user("staff@example.com", role=User.Role.STAFF),
        "inactive staff": make_user("gone@example.com", role=User.Role.STAFF, is_active=False),
        "member": make_user("member@example.com"),
    }


# --- Admin sign-in rate limits ------------------------------------------------------------


def test_admin_sign_in_locks_an_email_after_repeated_failures_even_for_the_right_password(settings, accounts):
    settings.RATELIMIT_ADMIN_LOGIN_FAILURES_PER_EMAIL = "3/15m"
    client = Client()

    refused = [admin_login(client, "staff@example.com").status_code for _ in range(4)]
    locked = admin_login(client, "staff@example.com", PASSWORD)

    assert refused == [200, 200, 200, 429]
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("text/html")
    minutes = -(-int(locked["Retry-After"]) // 60)
    assert 1 <= minutes <= 15
    assert error_note(locked) == f"Too many sign-in attempts. Try again in {minutes} minute(s)."
    assert "_auth_user_id" not in client.session
    # Another account is not affected by this one's lock.
    assert admin_login(Client(), "member@example.com", PASSWORD).status_code == 200


def test_admin_sign_in_lock_looks_the_same_for_an_existing_and_an_unknown_account(settings, accounts):
    settings.RATELIMIT_ADMIN_LOGIN_FAILURES_PER_EMAIL = "2/15m"
    pages = {}
    for email in ("staff@example.com", UNKNOWN):
        client = Client()
        for _ in range(3):
            admin_login(client, email)
        pages[email] = admin_login(client, email)

    existing, unknown = pages.values()
    assert existing.status_code == unknown.status_code == 429
    # Each email's window starts at its own offset (django-ratelimit staggers them), so only the wait differs.
    assert without_wait(existing.content) == without_wait(unknown.content)


def test_admin_sign_in_is_limited_per_ip_across_emails(settings, accounts):
    settings.RATELIMIT_ADMIN_LOGIN_PER_IP = "3/15m"
    client = Client()

    statuses = [admin_login(client, f"guess{n}@example.com", ip="203.0.113.9").status_code for n in range(4)]
    elsewhere = admin_login(client, "staff@example.com", PASSWORD, ip="198.51.100.7")

    assert statuses == [200, 200, 200, 429]
    assert elsewhere.status_code == 302


def test_successful_admin_sign_ins_do_not_count_as_failures(settings, accounts):
    settings.RATELIMIT_ADMIN_LOGIN_FAILURES_PER_EMAIL = "1/15m"

    statuses = [admin_login(Client(), "staff@example.com", PASSWORD).status_code for _ in range(3)]

    assert statuses == [302, 302, 302]


# --- No enumeration by message, status or work ----------------------------------------------


def test_api_sign_in_does_the_same_work_and_says_the_same_for_unknown_wrong_and_inactive(hashes, accounts):
    client = APIClient()
    attempts = {
        "unknown email": {"email": UNKNOWN, "password": PASSWORD},
        "wrong password": {"email": "staff@example.com", "password": "wrong-password"},
        "inactive account": {"email": "gone@example.com", "password": PASSWORD},
    }
    client.post("/api/v1/auth/login/", attempts["unknown email"])  # the first one also makes the equaliser hash

    outcomes = {
        name: hashed_during(hashes, lambda body=body: client.post("/api/v1/auth/login/", body))
        for name, body in attempts.items()
    }

    assert {name: count for name, (count, _) in outcomes.items()} == dict.fromkeys(attempts, 1)
    assert len({(response.status_code, response.content) for _, response in outcomes.values()}) == 1
    assert outcomes["unknown email"][1].status_code == 401


def test_admin_sign_in_does_the_same_work_and_says_the_same_whoever_asks(hashes, accounts):
    attempts = {
        "unknown email": (UNKNOWN, PASSWORD),
        "wrong password": ("staff@example.com", "wrong-password"),
        "inactive staff": ("gone@example.com", PASSWORD),
        "not staff": ("member@example.com", PASSWORD),
    }

    outcomes = {
        name: hashed_during(hashes, lambda email=email, password=password: admin_login(Client(), email, password))
        for name, (email, password) in attempts.items()
    }

    assert {name: count for name, (count, _) in outcomes.items()} == dict.fromkeys(attempts, 1)
    assert {response.status_code for _, response in outcomes.values()} == {200}
    assert len({error_note(response) for _, response in outcomes.values()}) == 1


def test_forgot_password_answers_the_same_whether_or_not_the_account_exists(hashes, accounts):
    client = APIClient()
    emails = {"existing": "member@example.com", "unknown": UNKNOWN, "inactive": "gone@example.com"}

    outcomes = {
        name: hashed_during(hashes, lambda email=email: client.post("/api/v1/auth/forgot-password/", {"email": email}))
        for name, email in emails.items()
    }

    assert {count for count, _ in outcomes.values()} == {0}
    assert len({(response.status_code, response.content) for _, response in outcomes.values()}) == 1
    assert outcomes["existing"][1].status_code == 200
    # Only the mailbox learns the answer.
    assert [message.to for message in mail.outbox] == [["member@example.com"]]
