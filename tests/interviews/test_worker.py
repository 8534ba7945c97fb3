"""Evaluation through a real Celery worker process, as in production."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

from interviewprep.celery import app
from interviews.models import Answer
from tests.interviews.conftest import GOOD_ANSWER, start

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def start_worker(monkeypatch):
    """Start a threads-pool worker on this test's broker and test database (tasks
    are queued, not eager); extra environment configures it, e.g. its AI provider."""
    processes = []

    def start(**extra_env):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "interviewprep.settings.test",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "MONGODB_NAME": connection.settings_dict["NAME"],
            **extra_env,
        }
        processes.append(_spawn_worker(env))
        return processes[-1]

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _spawn_worker(env):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "interviewprep",
            "worker",
            "--pool",
            "threads",
            "-c",
            "2",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_answers_are_evaluated_and_the_result_compiled_by_a_real_worker(auth_client, bank, start_worker):
    worker = start_worker()
    interview = start(auth_client, question_count=2).json()
    for question in interview["questions"]:
        body = {"question_id": question["id"], "text": GOOD_ANSWER}
        response = auth_client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json")
        assert response.status_code == 201
        assert response.json()["evaluation_status"] in {"pending", "running", "done"}

    assert _wait_for(lambda: set(Answer.objects.values_list("evaluation_status", flat=True)) == {"done"})
    auth_client.post(f"/api/v1/interviews/{interview['id']}/complete/")
    assert _wait_for(lambda: auth_client.get(f"/api/v1/interviews/{interview['id']}/result/").status_code == 200)

    assert worker.poll() is None
    result = auth_client.get(f"/api/v1/interviews/{interview['id']}/result/").json()
    assert 0 <= result["overall_score"] <= 100


def _answer_one(client):
    interview = start(client, question_count=1).json()
    body = {"question_id": interview["questions"][0]["id"], "text": GOOD_ANSWER}
    assert client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json").status_code == 201
    return Answer.objects.get()


def _flaky(failures: int) -> tuple[dict[str, str], redis.Redis]:
    key = f"flaky:{uuid.uuid4().hex}"
    env = {
        "AI_PROVIDER": "tests.interviews.flaky_provider.FlakyProvider",
        "FLAKY_COUNTER_KEY": key,
        "FLAKY_FAILURES": str(failures),
    }
    return env, redis.Redis.from_url(os.environ["REDIS_URL"])


def test_a_provider_outage_is_retried_with_backoff_until_the_evaluation_succeeds(auth_client, bank, start_worker):
    env, counter = _flaky(failures=2)
    start_worker(**env)

    answer = _answer_one(auth_client)

    assert _wait_for(lambda: Answer.objects.get(pk=answer.pk).evaluation_status == "done", timeout=90)
    answer.refresh_from_db()
    assert int(counter.get(env["FLAKY_COUNTER_KEY"])) == 3
    assert answer.attempts == 3
    assert answer.evaluation["model"] == "offline-rubric-v1"


def test_after_the_last_retry_the_answer_is_kept_and_marked_failed(auth_client, bank, start_worker):
    env, counter = _flaky(failures=1000)
    start_worker(**env)

    answer = _answer_one(auth_client)

    assert _wait_for(lambda: Answer.objects.get(pk=answer.pk).evaluation_status == "failed", timeout=90)
    answer.refresh_from_db()
    assert int(counter.get(env["FLAKY_COUNTER_KEY"])) == 4  # the first try and three retries
    assert answer.evaluation_error.startswith("provider_unavailable")
    assert answer.text == GOOD_ANSWER
