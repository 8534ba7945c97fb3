"""Evaluation through a real Celery worker process, as in production."""

import os
import uuid

import pytest
import redis

from interviews.models import Answer
from tests.interviews.conftest import GOOD_ANSWER, answer_one, start
from tests.workers import wait_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_answers_are_evaluated_and_the_result_compiled_by_a_real_worker(auth_client, bank, start_worker):
    worker = start_worker()
    interview = start(auth_client, question_count=2).json()
    for question in interview["questions"]:
        body = {"question_id": question["id"], "text": GOOD_ANSWER}
        response = auth_client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json")
        assert response.status_code == 201
        assert response.json()["evaluation_status"] in {"pending", "running", "done"}

    assert wait_for(lambda: set(Answer.objects.values_list("evaluation_status", flat=True)) == {"done"})
    auth_client.post(f"/api/v1/interviews/{interview['id']}/complete/")
    assert wait_for(lambda: auth_client.get(f"/api/v1/interviews/{interview['id']}/result/").status_code == 200)

    assert worker.poll() is None
    result = auth_client.get(f"/api/v1/interviews/{interview['id']}/result/").json()
    assert 0 <= result["overall_score"] <= 100


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

    answer = answer_one(auth_client)

    assert wait_for(lambda: Answer.objects.get(pk=answer.pk).evaluation_status == "done", timeout=90)
    answer.refresh_from_db()
    assert int(counter.get(env["FLAKY_COUNTER_KEY"]) or 0) == 3
    assert answer.attempts == 3
    assert answer.evaluation["model"] == "offline-rubric-v1"


def test_after_the_last_retry_the_answer_is_kept_and_marked_failed(auth_client, bank, start_worker):
    env, counter = _flaky(failures=1000)
    start_worker(**env)

    answer = answer_one(auth_client)

    assert wait_for(lambda: Answer.objects.get(pk=answer.pk).evaluation_status == "failed", timeout=90)
    answer.refresh_from_db()
    assert int(counter.get(env["FLAKY_COUNTER_KEY"]) or 0) == 4  # the first try and three retries
    assert answer.evaluation_error.startswith("provider_unavailable")
    assert answer.text == GOOD_ANSWER
