"""MongoDB stops answering and comes back, behind a fault-injection proxy: the API says so
in its error envelope and serves again in the same process, without a restart."""

import pytest

from conftest import PASSWORD
from tests.workers import wait_for

pytestmark = pytest.mark.django_db


def _assert_unavailable(response):
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": {
            "code": "service_unavailable",
            "message": "A service this request depends on is unavailable. Try again shortly.",
            "details": {},
        }
    }


def test_readiness_names_mongodb_while_it_is_down_and_recovers(api_client, mongodb_outage):
    mongodb_outage.down()
    response = api_client.get("/api/v1/health/ready/")
    assert response.status_code == 503
    error = response.json()["error"]
    assert (error["code"], error["details"]["checks"]["mongodb"]) == ("dependency_unavailable", "unavailable")
    assert "mongodb" in error["message"]
    assert {name for name, state in error["details"]["checks"].items() if state != "ok"} == {"mongodb"}

    mongodb_outage.up()
    assert api_client.get("/api/v1/health/ready/").json()["checks"]["mongodb"] == "ok"


def test_api_answers_503_in_the_error_envelope_and_serves_again_when_mongodb_returns(
    api_client, auth_client, user, bank, mongodb_outage
):
    assert auth_client.get("/api/v1/interviews/").status_code == 200

    mongodb_outage.down()
    _assert_unavailable(auth_client.get("/api/v1/interviews/"))
    _assert_unavailable(auth_client.post("/api/v1/interviews/", {"type": "technical", "level": "middle"}))
    _assert_unavailable(api_client.post("/api/v1/auth/login/", {"email": user.email, "password": PASSWORD}))

    mongodb_outage.up()
    assert wait_for(lambda: auth_client.get("/api/v1/interviews/").status_code == 200, timeout=10)
    started = auth_client.post("/api/v1/interviews/", {"type": "technical", "level": "middle", "question_count": 1})
    assert started.status_code == 201
    assert api_client.post("/api/v1/auth/login/", {"email": user.email, "password": PASSWORD}).status_code == 200
