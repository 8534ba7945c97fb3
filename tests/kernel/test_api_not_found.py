"""Unknown paths under /api/ answer the JSON 404 envelope in every mode, DEBUG included (``make run`` is
what the SPA's developers run against)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v1/nothing-here", "/api/v2/", "/api/"])
def test_unknown_api_path_is_the_json_404_envelope(path: str, debug: bool):
    with override_settings(DEBUG=debug):
        response = Client().get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db(databases="__all__")
def test_a_path_without_its_trailing_slash_is_still_served():
    assert Client().get("/api/v1/billing/plans").status_code == 200


def test_pages_outside_the_api_keep_htmls_404():
    with override_settings(DEBUG=True):
        response = Client().get("/not-the-api/")

    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
