"""MongoDB, Redis and the billing database (PostgreSQL) hang, behind a proxy that accepts connections
and answers nothing (a paused or partitioned server) or answers slower than the deadlines: readiness
still answers and names the one that hangs, requests needing it get the 503 envelope with Retry-After,
and only the first of them waits out the deadline (the breaker answers the others); requests not
needing it are served; everything recovers by itself when the server answers again, and nothing
submitted meanwhile is lost."""

import logging

import pytest
from celery.contrib.testing.worker import start_worker

from conftest import PASSWORD
from interviewprep.celery import app
from interviews.models import Answer
from kernel.models import OutboxTask
from kernel.outbox import outbox_flush
from tests.interviews.conftest import GOOD_ANSWER, start
from tests.workers import wait_for

pytestmark = pytest.mark.django_db

# Slower than every deadline (MongoDB and the billing database 2 s, Redis 1 s) for one round trip.
SLOWER_THAN_THE_DEADLINES = 2.5


def _hang(proxy, how):
    if how == "hangs":
        proxy.hang()
    else:
        proxy.slow(SLOWER_THAN_THE_DEADLINES)


def _failing_checks(client):
    response = client.get("/api/v1/health/ready/")
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "dependency_unavailable"
    failing = {name for name, state in error["details"]["checks"].items() if state != "ok"}
    assert all(name in error["message"] for name in failing)
    return failing


def _assert_shed(response):
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"
    assert int(response["Retry-After"]) >= 1


def _assert_shed_after_one_wait_at_most(caplog, name, request):
    """Three requests needing ``name`` get 503 with Retry-After, and at most the first waits out the deadline
    (each such wait logs; the breaker's answers do not). The readiness probe may have opened it already."""
    with caplog.at_level(logging.ERROR):
        for _ in range(3):
            _assert_shed(request())
    assert sum(f"dependency {name} unavailable" in record.getMessage() for record in caplog.records) <= 1


@pytest.mark.parametrize("how", ["hangs", "answers slowly"])
def test_mongodb(api_client, auth_client, user, bank, mongodb_outage, caplog, how):
    assert auth_client.get("/api/v1/interviews/").status_code == 200
    _hang(mongodb_outage, how)

    assert _failing_checks(api_client) == {"mongodb"}
    _assert_shed_after_one_wait_at_most(caplog, "mongodb", lambda: auth_client.get("/api/v1/interviews/"))
    _assert_shed(auth_client.post("/api/v1/interviews/", {"type": "technical", "level": "middle"}))
    assert api_client.get("/api/v1/health/").status_code == 200
    assert api_client.get("/api/v1/billing/plans/").status_code == 200  # the billing database only

    mongodb_outage.up()
    assert wait_for(lambda: auth_client.get("/api/v1/interviews/").status_code == 200, timeout=15)
    assert api_client.get("/api/v1/health/ready/").status_code == 200
    assert api_client.post("/api/v1/auth/login/", {"email": user.email, "password": PASSWORD}).status_code == 200


@pytest.mark.parametrize("how", ["hangs", "answers slowly"])
def test_redis(api_client, auth_client, user, bank, redis_outage, how):
    interview = start(auth_client, question_count=1).json()
    _hang(redis_outage, how)

    assert _failing_checks(api_client) == {"cache", "broker"}
    login = {"email": user.email, "password": PASSWORD}
    for _ in range(3):  # sign-in fails closed without its attempt counters
        _assert_shed(api_client.post("/api/v1/auth/login/", login))
    assert auth_client.get("/api/v1/questions/").status_code == 200
    assert auth_client.get("/api/v1/interviews/").status_code == 200
    body = {"question_id": interview["questions"][0]["id"], "text": GOOD_ANSWER}
    answered = auth_client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json")
    assert (answered.status_code, answered.json()["evaluation_status"]) == (201, "pending")
    assert OutboxTask.objects.count() == 1  # the broker did not take it in time: kept

    redis_outage.up()
    assert wait_for(lambda: api_client.post("/api/v1/auth/login/", login).status_code == 200, timeout=15)
    answer = Answer.objects.get()
    with start_worker(app, pool="solo", perform_ping_check=False):
        assert outbox_flush() == 1
        assert wait_for(lambda: Answer.objects.get(pk=answer.pk).evaluation_status == "done", timeout=30)
    assert api_client.get("/api/v1/health/ready/").status_code == 200


@pytest.mark.parametrize("how", ["hangs", "answers slowly"])
def test_billing_database_on_postgresql(api_client, auth_client, user, bank, billing_outage, caplog, how):
    assert auth_client.get("/api/v1/billing/payments/").status_code == 200
    _hang(billing_outage, how)

    assert _failing_checks(api_client) == {"billing_database"}
    _assert_shed_after_one_wait_at_most(
        caplog, "billing_database", lambda: auth_client.get("/api/v1/billing/payments/")
    )
    assert auth_client.get("/api/v1/questions/").status_code == 200
    assert auth_client.get("/api/v1/interviews/").status_code == 200

    billing_outage.up()
    assert wait_for(lambda: auth_client.get("/api/v1/billing/payments/").status_code == 200, timeout=15)
    assert api_client.get("/api/v1/health/ready/").status_code == 200
