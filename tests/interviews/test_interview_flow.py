from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from interviews.services import interviews_close_stale
from tests.interviews.conftest import AUDIO_HEADERS, GOOD_ANSWER, start

pytestmark = pytest.mark.django_db


def _answer_all(client, interview_id, *, audio_first=False):
    """Answer every pending question, following up on questions the evaluation adds."""
    answered = 0
    while True:
        interview = client.get(f"/api/v1/interviews/{interview_id}/").json()
        pending = [q for q in interview["questions"] if q["status"] == "pending"]
        if not pending:
            return answered
        question = pending[0]
        if audio_first and answered == 0:
            audio = SimpleUploadedFile("answer.webm", AUDIO_HEADERS["webm"] + b"\x00" * 512, content_type="audio/webm")
            body = {"question_id": question["id"], "audio": audio, "transcript": GOOD_ANSWER}
            response = client.post(f"/api/v1/interviews/{interview_id}/answers/", body, format="multipart")
        else:
            body = {"question_id": question["id"], "text": GOOD_ANSWER}
            response = client.post(f"/api/v1/interviews/{interview_id}/answers/", body, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["evaluation_status"] in {"pending", "running", "done"}
        answered += 1


def test_register_start_answer_complete_and_read_the_result(api_client, bank):
    api_client.post(
        "/api/v1/auth/register/", {"email": "new@example.com", "password": "a-much-better-passphrase", "name": "New"}
    )
    login = api_client.post("/api/v1/auth/login/", {"email": "new@example.com", "password": "a-much-better-passphrase"})
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access']}")

    started = start(api_client, job_title="Backend engineer", skills=["python"], question_count=3)

    assert started.status_code == 201, started.json()
    interview = started.json()
    assert interview["status"] == "in_progress"
    assert len(interview["questions"]) == 3
    assert {q["status"] for q in interview["questions"]} == {"pending"}
    assert set(interview["questions"][0]) >= {"id", "order", "text", "type", "status"}

    answered = _answer_all(api_client, interview["id"], audio_first=True)
    completed = api_client.post(f"/api/v1/interviews/{interview['id']}/complete/")
    result = api_client.get(f"/api/v1/interviews/{interview['id']}/result/")

    assert completed.status_code == 202
    assert completed.json()["status"] in {"evaluating", "completed"}
    assert result.status_code == 200, result.json()
    body = result.json()
    assert 0 <= body["overall_score"] <= 100
    assert set(body["scores"]) == {"clarity", "relevance", "technical_accuracy", "structure", "confidence"}
    assert all(0 <= score <= 100 for score in body["scores"].values())
    assert body["questions_answered"] == answered == body["total_questions"]
    assert isinstance(body["passed"], bool) and body["summary"]
    assert all(item["feedback"] and 0 <= item["score"] <= 100 for item in body["per_question"])

    answers = api_client.get(f"/api/v1/interviews/{interview['id']}/answers/").json()
    assert {answer["evaluation_status"] for answer in answers} == {"done"}
    assert {answer["evaluation"]["model"] for answer in answers} == {"offline-rubric-v1"}
    recorded = next(answer for answer in answers if answer["audio_url"])
    assert recorded["transcript"] == GOOD_ANSWER
    assert api_client.get(recorded["audio_url"]).status_code == 200
    assert api_client.get(f"/api/v1/interviews/{interview['id']}/").json()["status"] == "completed"


def test_interviews_left_in_progress_are_closed_with_what_was_answered(auth_client, other_client, bank):
    answered = start(auth_client, question_count=2).json()
    body = {"question_id": answered["questions"][0]["id"], "text": GOOD_ANSWER}
    auth_client.post(f"/api/v1/interviews/{answered['id']}/answers/", body, format="json")
    untouched = start(other_client, question_count=2).json()
    later = timezone.now() + timedelta(hours=25)

    completed, abandoned = interviews_close_stale(now=later)

    assert (completed, abandoned) == (1, 1)
    assert auth_client.get(f"/api/v1/interviews/{answered['id']}/result/").status_code == 200
    assert other_client.get(f"/api/v1/interviews/{untouched['id']}/").json()["status"] == "abandoned"
