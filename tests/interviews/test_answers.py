import io
import struct
import wave

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from ai.errors import ProviderUnavailable
from ai.providers.base import AIProvider
from interviews.audio import MAX_AUDIO_BYTES, sniff_audio_format
from interviews.models import Answer
from tests.interviews.conftest import AUDIO_HEADERS, GOOD_ANSWER, start

pytestmark = pytest.mark.django_db


def _outage(self, data):
    raise ProviderUnavailable("the model API timed out")


class DownProvider(AIProvider):
    """Every call fails the way an outage does."""

    name = "down"
    evaluate_answer = generate_questions = generate_follow_up = transcribe = _outage
    analyze_resume = plan_roadmap = coach_reply = review_code = extract_requirements = _outage


@pytest.fixture
def interview(auth_client, bank):
    return start(auth_client, question_count=3).json()


def _answer(client, interview, index=0, **body):
    body.setdefault("question_id", interview["questions"][index]["id"])
    fmt = "multipart" if "audio" in body else "json"
    return client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format=fmt)


@pytest.mark.parametrize("audio_format", sorted(AUDIO_HEADERS))
def test_audio_is_recognised_by_its_bytes(audio_format):
    assert sniff_audio_format(AUDIO_HEADERS[audio_format]) == audio_format


def test_text_renamed_to_mp3_is_415(auth_client, interview):
    fake = SimpleUploadedFile("answer.mp3", b"just some text, not audio at all", content_type="audio/mpeg")

    response = _answer(auth_client, interview, audio=fake)

    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert not Answer.objects.exists()


def test_audio_over_ten_megabytes_is_413(auth_client, interview):
    big = SimpleUploadedFile("answer.wav", AUDIO_HEADERS["wav"] + b"\x00" * MAX_AUDIO_BYTES, content_type="audio/wav")

    response = _answer(auth_client, interview, audio=big)

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_audio_without_transcript_fails_evaluation_when_the_provider_cannot_transcribe(auth_client, interview):
    audio = SimpleUploadedFile("a.ogg", AUDIO_HEADERS["ogg"] + b"\x00" * 64, content_type="audio/ogg")

    response = _answer(auth_client, interview, audio=audio)

    assert response.status_code == 201
    answer = Answer.objects.get()
    assert answer.evaluation_status == "failed"
    assert answer.evaluation_error.startswith("transcription_unavailable")


def test_answering_a_question_not_in_the_interview_is_404(auth_client, interview, bank):
    used = {question["id"] for question in interview["questions"]}
    outsider = next(str(question.pk) for question in bank if str(question.pk) not in used)

    response = _answer(auth_client, interview, question_id=outsider, text=GOOD_ANSWER)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "question_not_in_interview"


def test_answering_twice_is_a_retake_that_keeps_the_first_take(auth_client, interview):
    assert _answer(auth_client, interview, text=GOOD_ANSWER).status_code == 201

    again = _answer(auth_client, interview, text="A different answer")

    assert again.status_code == 201
    assert again.json()["text"] == "A different answer"
    assert [take["text"] for take in again.json()["previous_attempts"]] == [GOOD_ANSWER]
    assert Answer.objects.count() == 1


def test_an_answer_needs_text_or_audio(auth_client, interview):
    response = _answer(auth_client, interview, text="   ")

    assert response.status_code == 400
    assert "text" in response.json()["error"]["details"]


def test_a_completed_interview_takes_no_more_answers(auth_client, interview):
    auth_client.post(f"/api/v1/interviews/{interview['id']}/complete/")

    response = _answer(auth_client, interview, text=GOOD_ANSWER)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "interview_closed"


def test_provider_outage_keeps_the_answer_marks_it_failed_and_a_rerun_succeeds(auth_client, interview, settings):
    settings.AI_PROVIDER = "tests.interviews.test_answers.DownProvider"

    response = _answer(auth_client, interview, text=GOOD_ANSWER)

    assert response.status_code == 201
    answer = Answer.objects.get()
    assert answer.evaluation_status == "failed"
    assert answer.evaluation_error.startswith("provider_unavailable")
    assert answer.attempts == 1  # eager tasks do not retry; the worker test covers retries

    settings.AI_PROVIDER = "ai.providers.offline.OfflineProvider"
    call_command("reevaluate_failed")

    answer.refresh_from_db()
    assert answer.evaluation_status == "done"
    assert answer.evaluation["model"] == "offline-rubric-v1"
    assert answer.score is not None and 0 <= answer.score <= 100


def test_a_failed_evaluation_does_not_block_the_result(auth_client, interview, settings):
    settings.AI_PROVIDER = "tests.interviews.test_answers.DownProvider"
    _answer(auth_client, interview, text=GOOD_ANSWER)
    settings.AI_PROVIDER = "ai.providers.offline.OfflineProvider"
    _answer(auth_client, interview, index=1, text=GOOD_ANSWER)

    auth_client.post(f"/api/v1/interviews/{interview['id']}/complete/")
    result = auth_client.get(f"/api/v1/interviews/{interview['id']}/result/").json()

    statuses = [item["evaluation_status"] for item in result["per_question"]]
    assert statuses[:3] == ["failed", "done", None]
    assert result["questions_answered"] == 2


def _wav(seconds: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(1)
        recording.setframerate(4000)
        recording.writeframes(b"\x80" * 4000 * seconds)
    return buffer.getvalue()


def _webm_with_duration(milliseconds: float) -> bytes:
    # EBML header, then Segment Info's Duration element (0x4489, 8-byte float, 1 ms units).
    return AUDIO_HEADERS["webm"] + b"\x15\x49\xa9\x66\x8c\x44\x89\x88" + struct.pack(">d", milliseconds)


@pytest.mark.parametrize("recording", [_wav(301), _webm_with_duration(301_000)], ids=["wav", "webm"])
def test_audio_longer_than_five_minutes_is_rejected(auth_client, interview, recording):
    upload = SimpleUploadedFile("answer.bin", recording, content_type="application/octet-stream")

    response = _answer(auth_client, interview, audio=upload)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "audio_too_long"
    assert not Answer.objects.exists()


def test_audio_of_normal_length_is_accepted(auth_client, interview):
    upload = SimpleUploadedFile("answer.wav", _wav(20), content_type="audio/wav")

    response = _answer(auth_client, interview, audio=upload, transcript=GOOD_ANSWER)

    assert response.status_code == 201


def test_a_rerun_of_a_failed_evaluation_replaces_a_result_already_served(auth_client, interview, settings):
    settings.AI_PROVIDER = "tests.interviews.test_answers.DownProvider"
    _answer(auth_client, interview, text=GOOD_ANSWER)
    auth_client.post(f"/api/v1/interviews/{interview['id']}/complete/")
    url = f"/api/v1/interviews/{interview['id']}/result/"
    served = auth_client.get(url).json()

    settings.AI_PROVIDER = "ai.providers.offline.OfflineProvider"
    call_command("reevaluate_failed")
    result = auth_client.get(url).json()

    assert served["per_question"][0]["evaluation_status"] == "failed"
    assert result["per_question"][0]["evaluation_status"] == "done"
    assert result["overall_score"] > served["overall_score"]


def test_a_served_result_is_gone_once_the_interview_is_deleted(auth_client, interview):
    _answer(auth_client, interview, text=GOOD_ANSWER)
    auth_client.post(f"/api/v1/interviews/{interview['id']}/complete/")
    url = f"/api/v1/interviews/{interview['id']}/result/"
    assert auth_client.get(url).status_code == 200

    auth_client.delete(f"/api/v1/interviews/{interview['id']}/")

    assert auth_client.get(url).status_code == 404


def test_a_served_result_is_never_served_to_another_user(auth_client, other_client, interview):
    _answer(auth_client, interview, text=GOOD_ANSWER)
    auth_client.post(f"/api/v1/interviews/{interview['id']}/complete/")
    url = f"/api/v1/interviews/{interview['id']}/result/"
    assert auth_client.get(url).status_code == 200

    assert other_client.get(url).status_code == 404
