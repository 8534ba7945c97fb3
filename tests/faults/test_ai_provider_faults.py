"""The OpenAI API slow, erroring or replying with garbage, seen through our API: answers are kept,
evaluations retried, then scored by the offline grader (marked is_fallback) while the model is down and
re-graded by it once it is back; garbage output is marked failed. The circuit breaker spares the
provider while it is down.

Provider-level details (Retry-After, one retry of a malformed reply, the breaker reopening when its
trial request fails) are in tests/ai/; retries by a real worker in tests/interviews/test_worker.py.
"""

import time

import pytest

from analytics.models import AICall
from interviews.services import evaluations_regrade_fallback
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


def test_a_provider_slower_than_every_retry_gives_the_offline_score_marked_as_fallback(
    auth_client, bank, openai_server
):
    openai_server.default_chat = lambda request: delay(2, _complete(bank))

    answer = answer_one(auth_client)

    [item] = _answers(auth_client, answer.interview_id)
    assert (item["evaluation_status"], item["evaluation_error"], item["text"]) == ("done", "", GOOD_ANSWER)
    assert (item["evaluation"]["provider"], item["evaluation"]["is_fallback"]) == ("offline", True)
    assert 0 < item["score"] <= 100
    assert len(openai_server.requests) == 3  # the first try and AI_MAX_RETRIES=2, then the offline grader


def test_a_fallback_score_is_replaced_by_the_models_once_it_is_back(auth_client, bank, openai_server):
    openai_server.default_chat = lambda request: http_error(503)
    answer = answer_one(auth_client)
    auth_client.post(f"/api/v1/interviews/{answer.interview_id}/complete/")
    result_url = f"/api/v1/interviews/{answer.interview_id}/result/"
    [first] = [entry for entry in auth_client.get(result_url).json()["per_question"] if entry["answer_id"]]
    assert (first["grader"], first["is_fallback"]) == ("offline", True)

    assert evaluations_regrade_fallback() == 1  # the model still fails: the offline score stays
    [item] = _answers(auth_client, answer.interview_id)
    assert (item["evaluation"]["is_fallback"], item["score"]) == (True, first["score"])

    openai_server.default_chat = lambda request: _complete(bank, score=20)
    assert evaluations_regrade_fallback() == 1
    assert evaluations_regrade_fallback() == 0  # nothing left to re-grade

    [item] = _answers(auth_client, answer.interview_id)
    assert (item["evaluation"]["provider"], item["evaluation"]["is_fallback"]) == ("openai", False)
    assert item["score"] != first["score"]
    [regraded] = [entry for entry in auth_client.get(result_url).json()["per_question"] if entry["answer_id"]]
    assert (regraded["grader"], regraded["is_fallback"], regraded["score"]) == ("openai", False, item["score"])


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

    evaluations = [item["evaluation"] for item in _answers(auth_client, interview["id"])]
    assert len(openai_server.requests) == 3  # the last two answers fell back at once, without a request
    assert all((evaluation["provider"], evaluation["is_fallback"]) == ("offline", True) for evaluation in evaluations)
    assert evaluations_regrade_fallback() == 0  # no re-grade while the breaker is open

    openai_server.default_chat = lambda request: _complete(bank)
    time.sleep(settings.AI_BREAKER_COOLDOWN_SECONDS)
    assert evaluations_regrade_fallback() == 5  # the first request after the cooldown succeeds and closes the breaker

    graders = {
        (item["evaluation"]["provider"], item["evaluation"]["is_fallback"])
        for item in _answers(auth_client, interview["id"])
    }
    assert graders == {("openai", False)}
    assert len(openai_server.requests) == 3 + 5
