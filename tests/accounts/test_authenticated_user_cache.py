"""The user behind an access token is cached between requests, and every change to the account
is seen by the very next request."""

import pytest

from accounts.models import User
from accounts.services import cache, erasure, verification

pytestmark = pytest.mark.django_db


def test_a_repeated_request_does_not_load_the_user_again(auth_client, django_assert_max_num_queries):
    assert auth_client.get("/api/v1/auth/me/").status_code == 200
    with django_assert_max_num_queries(0):
        response = auth_client.get("/api/v1/auth/me/")
    assert response.status_code == 200
    assert response.json()["email"] == "ada@example.com"


def test_deactivation_by_staff_locks_the_account_out_at_once(auth_client, user):
    assert auth_client.get("/api/v1/auth/me/").status_code == 200

    erasure.users_deactivate(user_ids=[user.pk])

    assert auth_client.get("/api/v1/auth/me/").status_code == 401


def test_a_bulk_verification_is_seen_by_the_next_request(auth_client, user):
    User.objects.filter(pk=user.pk).update(is_email_verified=False)
    cache.users_cache_forget(user_ids=[user.pk])
    assert auth_client.get("/api/v1/auth/me/").json()["is_email_verified"] is False

    verification.users_mark_verified(user_ids=[user.pk])

    assert auth_client.get("/api/v1/auth/me/").json()["is_email_verified"] is True


def test_a_saved_profile_change_is_served_at_once(auth_client, user):
    assert auth_client.get("/api/v1/auth/me/").json()["name"] == "Ada Lovelace"

    user.name = "Ada King"
    user.save()

    assert auth_client.get("/api/v1/auth/me/").json()["name"] == "Ada King"


def test_a_deleted_account_is_rejected_at_once(auth_client, user):
    assert auth_client.get("/api/v1/auth/me/").status_code == 200

    erasure.user_erase(user=user)

    assert auth_client.get("/api/v1/auth/me/").status_code == 401
