"""Retaking a question within an open interview and re-running one's own failed evaluation."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from billing.models import Plan
from billing.services import plans_seed
from interviews.models import Answer
from tests.interviews.conftest import AUDIO_HEADERS, GOOD_ANSWER, start

pytestmark = pytest.mark.django_db

DOWN = "tests.interviews.test_answers.DownProvider"


@pytest.fixture
def interview(auth_client, bank):
    return start(auth_client, question_count=2).json()


def _answer(client, interview, text="I am not sure."):
    body = {"question_id": interview["questions"][0]["id"], "text": text}
    response = client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json")
    assert response.status_code == 201
    return response.json()


def _retake(client, interview, answer, text=GOOD_ANSWER):
    """Answering an answered question again is a retake."""
    body = {"question_id": answer["question_id"], "text": text}
    return client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json")


def _rerun(client, interview, answer):
    return client.post(f"/api/v1/interviews/{interview['id']}/answers/{answer['id']}/reevaluate/")


def test_a_retake_replaces_the_answer_in_the_result_and_keeps_the_first_take(auth_client, interview):
    first = _answer(auth_client, interview)

    response = _retake(auth_client, interview, first)

    assert response.status_code == 201
    retaken = response.json()
    assert retaken["text"] == GOOD_ANSWER
    assert retaken["evaluation_status"] == "done"
    assert retaken["score"] > first["score"]
    assert [take["text"] for take in retaken["previous_attempts"]] == ["I am not sure."]
    assert retaken["previous_attempts"][0]["score"] == first["score"]
    auth_client.post(f"/api/v1/interviews/{interview['id']}/complete/")
    result = auth_client.get(f"/api/v1/interviews/{interview['id']}/result/").json()
    scored = next(item for item in result["per_question"] if item["answer_id"] == first["id"])
    assert scored["score"] == retaken["score"]
    assert Answer.objects.count() == 1


def test_no_retake_once_the_interview_is_completed(auth_client, interview):
    first = _answer(auth_client, interview)
    auth_client.post(f"/api/v1/interviews/{interview['id']}/complete/")

    response = _retake(auth_client, interview, first)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "interview_closed"


def test_retakes_and_reruns_count_against_the_plans_weekly_limit(auth_client, interview):
    plans_seed()
    Plan.objects.filter(code="free").update(weekly_second_chance_limit=2)
    first = _answer(auth_client, interview)

    statuses = [_retake(auth_client, interview, first).status_code for _ in range(3)]

    assert statuses == [201, 201, 429]
    refused = _retake(auth_client, interview, first)
    assert refused.json()["error"]["code"] == "quota_exceeded"
    assert refused.json()["error"]["details"]["weekly_second_chance_limit"] == 2
    assert int(refused["Retry-After"]) > 0


def test_a_failed_evaluation_is_run_again_by_its_owner(auth_client, interview, settings):
    settings.AI_PROVIDER = DOWN
    failed = _answer(auth_client, interview, text=GOOD_ANSWER)
    assert failed["evaluation_status"] == "failed"
    settings.AI_PROVIDER = "ai.providers.offline.OfflineProvider"

    response = _rerun(auth_client, interview, failed)

    assert response.status_code == 202
    assert response.json()["evaluation_status"] == "done"
    assert response.json()["score"] > 0


def test_a_completed_interview_gets_its_result_again_after_a_rerun(auth_client, interview, settings):
    settings.AI_PROVIDER = DOWN
    failed = _answer(auth_client, interview, text=GOOD_ANSWER)
    auth_client.post(f"/api/v1/interviews/{interview['id']}/complete/")
    before = auth_client.get(f"/api/v1/interviews/{interview['id']}/result/").json()
    settings.AI_PROVIDER = "ai.providers.offline.OfflineProvider"

    _rerun(auth_client, interview, failed)

    after = auth_client.get(f"/api/v1/interviews/{interview['id']}/result/").json()
    assert before["overall_score"] == 0
    assert after["overall_score"] > 0


def test_only_a_failed_evaluation_can_be_rerun(auth_client, interview):
    done = _answer(auth_client, interview)

    response = _rerun(auth_client, interview, done)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "evaluation_not_failed"


def test_another_users_answer_cannot_be_retaken_or_rerun(auth_client, other_client, interview):
    first = _answer(auth_client, interview)

    assert _retake(other_client, interview, first).status_code == 404
    assert _rerun(other_client, interview, first).status_code == 404
    assert Answer.objects.get().text == "I am not sure."
    assert _rerun(auth_client, interview, {"id": "not-an-id"}).status_code == 404


def test_deleting_the_interview_removes_the_recordings_of_earlier_takes(auth_client, interview):
    question_id = interview["questions"][0]["id"]
    url = f"/api/v1/interviews/{interview['id']}/answers/"
    recording = SimpleUploadedFile("a.wav", AUDIO_HEADERS["wav"], content_type="audio/wav")
    auth_client.post(
        url, {"question_id": question_id, "audio": recording, "transcript": "Not sure."}, format="multipart"
    )
    first_audio = Answer.objects.get().audio.name
    _retake(auth_client, interview, {"question_id": question_id})
    assert default_storage.exists(first_audio)

    auth_client.delete(f"/api/v1/interviews/{interview['id']}/")

    assert not default_storage.exists(first_audio)
