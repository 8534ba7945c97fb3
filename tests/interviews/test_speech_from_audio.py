"""Speech metrics of a recorded answer with the client's transcript: pace from the recording's real
length, read from its container header; what cannot be known is null, never estimated."""

import io
import subprocess
import wave

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from tests.interviews.conftest import AUDIO_HEADERS, GOOD_ANSWER, start

pytestmark = pytest.mark.django_db

SPOKEN = "An index is a B-tree kept sorted by the indexed column, so a lookup reads a few pages instead of the table."


@pytest.fixture
def interview(auth_client, bank):
    return start(auth_client, question_count=3).json()


@pytest.fixture(scope="module")
def spoken_wav(tmp_path_factory):
    """A real recording: Debian's espeak-ng speaking the answer slowly (80 words per minute asked)."""
    path = tmp_path_factory.mktemp("speech") / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "80", "-w", str(path), SPOKEN], check=True, capture_output=True)
    return path


def _submit(client, interview, recording, name, transcript):
    upload = SimpleUploadedFile(name, recording, content_type="application/octet-stream")
    body = {"question_id": interview["questions"][0]["id"], "audio": upload, "transcript": transcript}
    response = client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="multipart")
    assert response.status_code == 201
    return client.get(f"/api/v1/interviews/{interview['id']}/answers/").json()[0]


def test_pace_comes_from_the_recordings_real_length(auth_client, interview, spoken_wav):
    with wave.open(str(spoken_wav)) as recording:
        seconds = recording.getnframes() / recording.getframerate()

    answer = _submit(auth_client, interview, spoken_wav.read_bytes(), "answer.wav", SPOKEN)

    metrics = answer["speech_metrics"]
    assert answer["evaluation_status"] == "done"
    assert metrics["duration_seconds"] == pytest.approx(seconds, abs=0.01)
    assert metrics["words_per_minute"] == pytest.approx(len(SPOKEN.split()) * 60 / seconds, abs=1.0)
    assert metrics["words_per_minute"] < 110  # spoken slowly: not the 130 once assumed for every transcript
    assert (metrics["long_pauses"], metrics["longest_pause_seconds"]) == (None, None)  # no word timings


def test_a_recording_whose_header_gives_no_length_has_no_pace(auth_client, interview):
    live_webm = AUDIO_HEADERS["webm"] + b"\x00" * 256  # live-recorded WebM often leaves Duration out

    answer = _submit(auth_client, interview, live_webm, "answer.webm", GOOD_ANSWER)

    metrics = answer["speech_metrics"]
    assert answer["evaluation_status"] == "done"
    assert (metrics["words_per_minute"], metrics["duration_seconds"], metrics["long_pauses"]) == (None, None, None)
    assert metrics["filler_count"] == 0


def test_the_report_shows_only_the_speech_figures_that_are_known(auth_client, interview, spoken_wav):
    _submit(auth_client, interview, spoken_wav.read_bytes(), "answer.wav", SPOKEN)
    auth_client.post(f"/api/v1/interviews/{interview['id']}/complete/")

    response = auth_client.get(f"/api/v1/interviews/{interview['id']}/report/")

    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).replace("\n", " ")
    assert "words per minute, 0 filler words." in text
    assert "long pauses" not in text  # unknown without word timings, so not reported as 0
