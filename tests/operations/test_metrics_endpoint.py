"""/metrics: who may scrape it, and that requests, tasks, AI calls and queue backlogs show up in it."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample
from rest_framework.test import APIClient

from accounts.models import User
from interviewprep.celery import app
from interviews.tasks import close_stale_interviews_task
from tests.interviews.conftest import answer_one

TOKEN = "metrics-token-for-tests-0123456789"


@pytest.fixture(autouse=True)
def _metrics_token(settings: Any) -> None:
    settings.METRICS_TOKEN = TOKEN


def scrape() -> list[Sample]:
    response = Client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    families = text_string_to_metric_families(response.content.decode())
    return [sample for family in families for sample in family.samples]


def value(samples: list[Sample], name: str, **labels: str) -> float:
    """The sum of the samples named ``name`` whose labels include ``labels``."""
    return sum(s.value for s in samples if s.name == name and labels.items() <= s.labels.items())


@pytest.mark.django_db
def test_without_the_token_or_a_staff_session_metrics_are_an_ordinary_404(user: User, auth_client: APIClient) -> None:
    signed_in = Client()
    signed_in.force_login(user)

    refusals = [
        Client().get("/metrics"),
        Client().get("/metrics", headers={"Authorization": "Bearer wrong-token"}),
        auth_client.get("/metrics"),  # an API user's JWT is not the metrics token
        signed_in.get("/metrics"),
    ]

    assert [response.status_code for response in refusals] == [404] * 4


def test_an_unset_token_accepts_no_bearer_at_all(settings: Any) -> None:
    settings.METRICS_TOKEN = ""

    assert Client().get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_the_token_gets_the_prometheus_text_format() -> None:
    response = Client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    assert {f.name for f in text_string_to_metric_families(response.content.decode())} >= {
        "http_request_duration_seconds",
        "celery_queue_length",
    }


@pytest.mark.django_db
def test_a_staff_session_may_scrape(staff_user: User) -> None:
    client = Client()
    client.force_login(staff_user)

    assert client.get("/metrics").status_code == 200


def test_each_request_is_timed_under_its_route_name_not_its_path(api_client: APIClient) -> None:
    before = scrape()

    api_client.get("/api/v1/health/")
    api_client.get("/api/v1/interviews/")  # 401 without credentials
    api_client.get("/no-such-page-4f2a9c/")

    after = scrape()
    timed = "http_request_duration_seconds_count"
    assert value(after, timed, view="health", method="GET", status="2xx") == (
        value(before, timed, view="health", method="GET", status="2xx") + 1
    )
    errors = "http_request_errors_total"
    assert value(after, errors, view="interview-list", status="4xx") == (
        value(before, errors, view="interview-list", status="4xx") + 1
    )
    assert value(after, errors, view="unresolved", status="4xx") == value(before, errors, view="unresolved") + 1
    assert not any("4f2a9c" in label for sample in after for label in sample.labels.values())


@pytest.mark.urls("tests.operations.failing_urls")
def test_a_server_error_is_counted_for_its_view() -> None:
    before = value(scrape(), "http_request_errors_total", view="test-failure", status="5xx")

    assert Client(raise_request_exception=False).post("/test-failure/").status_code == 500

    assert value(scrape(), "http_request_errors_total", view="test-failure", status="5xx") == before + 1


@pytest.mark.django_db(databases="__all__")  # starting an interview asks billing for the plan
def test_an_evaluated_answer_reports_its_task_and_its_ai_call(auth_client: APIClient, bank: list[object]) -> None:
    task = "interviews.tasks.evaluate_answer_task"
    ai_call = {"provider": "offline", "operation": "evaluate_answer"}
    before = scrape()

    answer_one(auth_client)

    after = scrape()
    for name, labels in [
        ("celery_task_duration_seconds_count", {"task": task}),
        ("celery_task_outcomes_total", {"task": task, "outcome": "success"}),
        ("ai_calls_total", {**ai_call, "result": "ok"}),
        ("ai_call_duration_seconds_count", ai_call),
    ]:
        assert value(after, name, **labels) == value(before, name, **labels) + 1, name


@pytest.fixture
def queued() -> Iterator[None]:
    """Whatever a test publishes to the broker is purged afterwards."""
    yield
    app.control.purge()


def test_queue_length_is_read_from_the_broker(queued: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    before = value(scrape(), "celery_queue_length", queue="celery")

    for _ in range(3):
        close_stale_interviews_task.apply_async()

    assert value(scrape(), "celery_queue_length", queue="celery") == before + 3
