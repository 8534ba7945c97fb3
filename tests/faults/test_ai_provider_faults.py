"""The OpenAI API slow, erroring or replying with garbage, seen through our API: answers are kept,
evaluations retried then marked failed, and the circuit breaker spares the provider while it is down.

Provider-level details (Retry-After, one retry of a malformed reply, the breaker reopening when its
trial request fails) are in tests/ai/; retries by a real worker in tests/interviews/test_worker.py.
"""

import time

import pytest
from django.core.management import call_command

from analytics.models import AICall
from tests.ai.conftest import openai_provider  # noqa: F401  (the OpenAI provider against the fake server)
from tests.ai.samples import evaluation_reply
from tests.fakes.openai_server import delay, http_error, ok_json
from tests.interviews.conftest import GOOD_ANSWER, answer_one, start

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("openai_provider")]


def _complete(bank, score=72):
    """An evaluation covering every key point, so no follow-up question is generated (its requests would count)."""
    return ok_json(evaluation_reply(score=score, covered_key_points=bank[0].key_points))


def _answers(client, interview_id):
    return client.get(f"/api/v1/interviews/{interview_id}/answers/").json()


def test_a_reply_slower_than_the_timeout_is_retried_and_the_answer_evaluated(auth_client, bank, openai_server):
    openai_server.enqueue("chat", delay(2, _complete(bank, score=10)), _complete(bank, score=68))

    answer = answer_one(auth_client)

    [item] = _answers(auth_client, answer.interview_id)
    assert (item["evaluation_status"], item["score"]) == ("done", 68)
    assert len(openai_server.requests) == 2


def test_a_provider_slower_than_every_retry_leaves_the_answer_failed_and_kept(auth_client, bank, openai_server):
    openai_server.default_chat = lambda request: delay(2, _complete(bank))

    answer = answer_one(auth_client)

    [item] = _answers(auth_client, answer.interview_id)
    assert item["evaluation_status"] == "failed"
    assert item["evaluation_error"].startswith("provider_unavailable")
    assert item["text"] == GOOD_ANSWER
    assert len(openai_server.requests) == 3  # the first try and AI_MAX_RETRIES=2


def test_garbage_output_is_retried_then_the_answer_is_failed_and_kept(auth_client, bank, openai_server):
    openai_server.default_chat = lambda request: ok_json({"score": "excellent", "feedback": 42})

    answer = answer_one(auth_client)

    [item] = _answers(auth_client, answer.interview_id)
    assert item["evaluation_status"] == "failed"
    assert item["evaluation_error"].startswith("invalid_model_output")
    assert (item["text"], item["evaluation"], item["score"]) == (GOOD_ANSWER, None, None)
    assert len(openai_server.requests) == 2
    assert list(AICall.objects.values_list("ok", flat=True)) == [False, False]  # both bad replies were paid for


def test_the_breaker_opens_after_repeated_failures_and_a_trial_after_its_cooldown_closes_it(
    auth_client, bank, openai_server, settings
):
    settings.AI_MAX_RETRIES = 0
    settings.AI_BREAKER_FAILURES = 3
    settings.AI_BREAKER_COOLDOWN_SECONDS = 3  # longer than answering two questions takes
    openai_server.default_chat = lambda request: http_error(500)
    interview = start(auth_client, question_count=5).json()
    for question in interview["questions"]:
        body = {"question_id": question["id"], "text": GOOD_ANSWER}
        response = auth_client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json")
        assert response.status_code == 201

    errors = [item["evaluation_error"] for item in _answers(auth_client, interview["id"])]
    assert len(openai_server.requests) == 3  # the last two answers failed fast, without a request
    assert sum("circuit open" in error for error in errors) == 2
    assert all(error.startswith("provider_unavailable") for error in errors)

    openai_server.default_chat = lambda request: _complete(bank)
    time.sleep(settings.AI_BREAKER_COOLDOWN_SECONDS)
    call_command("reevaluate_failed")  # the first request after the cooldown succeeds and closes the breaker

    statuses = {item["evaluation_status"] for item in _answers(auth_client, interview["id"])}
    assert statuses == {"done"}
    assert len(openai_server.requests) == 3 + 5
