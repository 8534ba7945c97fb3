from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from billing.models import Usage
from conftest import authenticate
from interviews.models import Interview
from tests.concurrency import at_once
from tests.interviews.conftest import start

pytestmark = pytest.mark.django_db


def test_third_interview_in_a_week_is_rejected_on_free_plan_with_retry_after(auth_client, user, bank):
    assert start(auth_client, question_count=2).status_code == 201
    assert start(auth_client, question_count=2).status_code == 201

    third = start(auth_client, question_count=2)

    assert third.status_code == 429
    assert third.json()["error"]["code"] == "quota_exceeded"
    retry_after = int(third["Retry-After"])
    assert 7 * 24 * 3600 - 60 <= retry_after <= 7 * 24 * 3600
    assert Interview.objects.filter(user=user).count() == 2


def test_retry_after_counts_down_to_when_the_oldest_start_leaves_the_window(auth_client, user, bank):
    now = timezone.now()
    Usage.objects.create(user=user, interview_starts=[now - timedelta(days=6, hours=23), now - timedelta(days=1)])

    response = start(auth_client)

    assert response.status_code == 429
    assert 3500 <= int(response["Retry-After"]) <= 3600


def test_starts_older_than_a_week_no_longer_count(auth_client, user, bank):
    old = timezone.now() - timedelta(days=8)
    Usage.objects.create(user=user, interview_starts=[old, old])

    assert start(auth_client).status_code == 201
    assert auth_client.get("/api/v1/users/me/stats/").json()["interviews_this_week"] == 1


def test_starting_without_bank_questions_gives_the_start_back(auth_client, user, db):
    response = start(auth_client)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "no_questions_available"
    assert Usage.objects.get(user=user).interview_starts == []


def test_invalid_start_body_is_a_validation_error(auth_client, bank):
    response = auth_client.post("/api/v1/interviews/", {"type": "poetry", "level": "guru"}, format="json")

    assert response.status_code == 400
    assert set(response.json()["error"]["details"]) == {"type", "level"}


def test_twenty_concurrent_starts_at_the_edge_create_exactly_the_allowance(user, bank):
    statuses = at_once(lambda: start(authenticate(APIClient(), user), question_count=1).status_code, times=20)

    assert sorted(statuses) == [201, 201] + [429] * 18
    assert Interview.objects.filter(user=user).count() == 2
