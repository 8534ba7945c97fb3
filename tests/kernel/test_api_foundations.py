import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(databases=["default", "billing"])


def test_liveness_answers_without_authentication(api_client):
    response = api_client.get("/api/v1/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_reports_every_dependency_ok(api_client):
    response = api_client.get("/api/v1/health/ready/")

    assert response.status_code == 200
    assert response.json()["checks"] == {"mongodb": "ok", "billing_database": "ok", "cache": "ok", "broker": "ok"}


def test_unknown_api_path_is_a_json_404_in_the_envelope(api_client):
    response = api_client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


def test_wrong_method_is_a_405_in_the_envelope(api_client):
    response = api_client.delete("/api/v1/health/")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_path_without_trailing_slash_is_served_not_redirected(api_client):
    response = api_client.post("/api/v1/auth/login", {"email": "x@example.com", "password": "nope"}, format="json")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_credentials"


def test_every_response_echoes_a_request_id(api_client):
    supplied = api_client.get("/api/v1/health/", HTTP_X_REQUEST_ID="abc-123")
    generated = api_client.get("/api/v1/health/")

    assert supplied["X-Request-ID"] == "abc-123"
    assert len(generated["X-Request-ID"]) == 32


def test_malformed_json_body_is_a_400_in_the_envelope(api_client):
    response = api_client.post("/api/v1/auth/login/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_openapi_schema_validates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_swagger_ui_is_served_from_local_assets(api_client):
    response = api_client.get("/api/v1/docs/")

    assert response.status_code == 200
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist" in response.content
