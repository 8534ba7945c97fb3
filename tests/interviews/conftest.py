"""Helpers for interview tests (the ``bank`` fixture lives in the root conftest)."""

from interviews.models import Answer

AUDIO_HEADERS = {
    "webm": b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01webm",
    "ogg": b"OggS\x00\x02" + b"\x00" * 20,
    "mp3": b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 20,
    "m4a": b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00",
    "wav": b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 20,
}


GOOD_ANSWER = (
    "I would explain the trade-off between consistency and latency: stronger consistency needs more coordination, "
    "so writes wait longer. For example, in a payments service we chose synchronous replication and measured "
    "that p99 latency rose from 40 ms to 65 ms, which was acceptable because correctness mattered more. "
    "As a result we had zero lost writes during the failover test."
)


def start(client, **body):
    return client.post("/api/v1/interviews/", {"type": "technical", "level": "middle", **body}, format="json")


def answer_one(client):
    """Start a one-question interview and answer it; the stored answer."""
    interview = start(client, question_count=1).json()
    body = {"question_id": interview["questions"][0]["id"], "text": GOOD_ANSWER}
    assert client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json").status_code == 201
    return Answer.objects.get()
