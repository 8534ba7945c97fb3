"""Resume analysis and roadmap generation reach a language model: each is limited per user by its row
of ``settings.RATELIMIT_AI`` (chat and question generation are tested beside their features)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from conftest import authenticate, make_user
from tests.coaching.conftest import upload
from tests.coaching.documents import pdf_bytes
from tests.security.test_rate_limits import assert_rate_limited

pytestmark = pytest.mark.django_db

RESUME = pdf_bytes(["Ada Lovelace", "Backend developer, 5 years of Python, Django, PostgreSQL and Docker."])


def test_resume_uploads_are_limited_per_user(coach_client: APIClient, settings):
    settings.RATELIMIT_AI = {**settings.RATELIMIT_AI, "resume_analysis": "2/h"}
    for _ in range(2):
        assert upload(coach_client, RESUME).status_code == 201

    assert_rate_limited(upload(coach_client, RESUME))


def test_roadmap_generation_is_limited_per_user(coach_client: APIClient, settings):
    settings.RATELIMIT_AI = {**settings.RATELIMIT_AI, "roadmap": "1/h"}
    assert coach_client.post("/api/v1/roadmap/generate/", {"weeks": 2}, format="json").status_code == 201

    assert_rate_limited(coach_client.post("/api/v1/roadmap/generate/", {"weeks": 2}, format="json"))


def test_one_users_limit_does_not_touch_another(coach_client: APIClient, settings):
    settings.RATELIMIT_AI = {**settings.RATELIMIT_AI, "roadmap": "1/h"}
    coach_client.post("/api/v1/roadmap/generate/", {"weeks": 2}, format="json")
    colleague = authenticate(APIClient(), make_user("colleague@example.com", role="staff"))

    assert colleague.post("/api/v1/roadmap/generate/", {"weeks": 2}, format="json").status_code == 201
