"""Uploads on S3-compatible storage (a real S3 protocol server, see tests/fakes/s3_server.py):
private objects, short-lived signed download URLs that download, and erasure with the account."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.services import user_erase
from coaching.models import Resume
from interviews.models import Answer
from tests.coaching.conftest import coach_client, coached_user, upload  # noqa: F401  (fixtures)
from tests.coaching.documents import RESUME_TEXT
from tests.interviews.conftest import AUDIO_HEADERS, GOOD_ANSWER, start

pytestmark = pytest.mark.django_db

RECORDING = AUDIO_HEADERS["wav"] + b"\x00" * 2048


def _answer_with_audio(client) -> dict:
    interview = start(client, question_count=1).json()
    response = client.post(
        f"/api/v1/interviews/{interview['id']}/answers/",
        {
            "question_id": interview["questions"][0]["id"],
            "audio": SimpleUploadedFile("take-1.wav", RECORDING, content_type="audio/wav"),
            "transcript": GOOD_ANSWER,
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    return response.json()


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_recording_is_a_private_object_downloaded_through_a_short_lived_signed_url(auth_client, bank, s3_media):
    answer = _answer_with_audio(auth_client)

    key = Answer.objects.get().audio.name
    assert s3_media.keys() == [key]
    signed = answer["audio_url"]
    assert signed.startswith(f"{s3_media.server.endpoint_url}/{s3_media.bucket}/{key}?")
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Expires"] == ["300"]
    # Both the URL and the object itself say "download": either alone keeps a browser from rendering it.
    assert query["response-content-disposition"] == ["attachment"]
    stored = s3_media.server.client().head_object(Bucket=s3_media.bucket, Key=key)
    assert stored["ContentDisposition"] == "attachment"
    status, headers, body = _get(signed)
    assert (status, body) == (200, RECORDING)
    assert headers["Content-Disposition"] == "attachment"
    unsigned_status, _, unsigned_body = _get(signed.split("?", 1)[0])
    assert unsigned_status == 403 and RECORDING not in unsigned_body


def test_erasing_an_account_deletes_its_recordings_and_resume_from_the_bucket(
    coach_client,  # noqa: F811
    coached_user,  # noqa: F811
    bank,
    s3_media,
):
    _answer_with_audio(coach_client)
    assert upload(coach_client, RESUME_TEXT.encode(), "cv.txt", "text/plain").status_code == 201
    assert len(s3_media.keys()) == 2

    user_erase(user=coached_user)

    assert not Resume.objects.exists() and not Answer.objects.exists()
    assert s3_media.keys() == []
