"""DRF's global throttle bounds every endpoint, per signed-in user or per client address, answering
429 ``rate_limited`` with ``Retry-After`` (the per-user AI limits are tested beside each feature)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def assert_rate_limited(response: Any) -> None:
    assert response.status_code == 429, response.content
    assert response.json()["error"]["code"] == "rate_limited"
    assert int(response["Retry-After"]) >= 1


def test_the_global_throttle_bounds_a_signed_in_user(auth_client: APIClient, settings):
    settings.API_THROTTLE_USER = "3/m"
    for _ in range(3):
        assert auth_client.get("/api/v1/auth/me/").status_code == 200

    assert_rate_limited(auth_client.get("/api/v1/interviews/"))


def test_the_global_throttle_bounds_anonymous_callers_by_address(api_client: APIClient, settings):
    settings.API_THROTTLE_ANON = "2/m"
    for _ in range(2):
        assert api_client.get("/api/v1/billing/plans/").status_code == 200

    assert_rate_limited(api_client.get("/api/v1/billing/plans/"))
    assert APIClient(REMOTE_ADDR="10.9.8.7").get("/api/v1/billing/plans/").status_code == 200


def test_health_probes_are_never_throttled(api_client: APIClient, settings):
    settings.API_THROTTLE_ANON = "1/m"
    assert all(api_client.get("/api/v1/health/").status_code == 200 for _ in range(3))
