"""Passwords are hashed at the Argon2 cost the product chose (accounts/hashers.py), and a hash
made at Django's default cost is replaced with one at that cost the next time its owner signs in."""

import pytest
from argon2 import extract_parameters
from django.contrib.auth.hashers import Argon2PasswordHasher

from accounts.hashers import TunedArgon2PasswordHasher
from accounts.models import User
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

PRODUCTION_HASHERS = ["accounts.hashers.TunedArgon2PasswordHasher", "django.contrib.auth.hashers.Argon2PasswordHasher"]


def _argon2_cost(encoded: str) -> tuple[int, int, int]:
    parameters = extract_parameters("$" + encoded.split("$", 1)[1])
    return parameters.memory_cost, parameters.time_cost, parameters.parallelism


def test_production_settings_hash_with_the_chosen_argon2_cost_first():
    from interviewprep.settings import base

    assert base.PASSWORD_HASHERS[:2] == PRODUCTION_HASHERS
    # At or above OWASP's first Argon2id option (19 MiB, 2 passes, 1 lane).
    assert TunedArgon2PasswordHasher.memory_cost >= 19 * 1024
    assert TunedArgon2PasswordHasher.time_cost >= 2


@pytest.mark.parametrize(
    "login",
    [
        lambda api, browser: api.post("/api/v1/auth/login/", {"email": "ada@example.com", "password": PASSWORD}),
        lambda api, browser: browser.post("/admin/login/", {"username": "ada@example.com", "password": PASSWORD}),
    ],
    ids=["api", "admin"],
)
def test_a_default_cost_hash_is_rehashed_to_the_chosen_cost_at_sign_in(api_client, client, settings, login):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = User.objects.create_user("ada@example.com", name="Ada", role=User.Role.STAFF)
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    assert _argon2_cost(user.password) == (102400, 2, 8)

    response = login(api_client, client)

    assert response.status_code in (200, 302)  # the admin redirects after signing in
    user.refresh_from_db()
    chosen = TunedArgon2PasswordHasher
    assert _argon2_cost(user.password) == (chosen.memory_cost, chosen.time_cost, chosen.parallelism)
    assert user.check_password(PASSWORD)


def test_a_wrong_password_leaves_the_stored_hash_alone(api_client, settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = User.objects.create_user("ada@example.com", name="Ada")
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    stored = user.password

    response = api_client.post("/api/v1/auth/login/", {"email": "ada@example.com", "password": "not-the-password"})

    assert response.status_code == 401
    user.refresh_from_db()
    assert user.password == stored
