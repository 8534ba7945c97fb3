"""Upload attacks: bodies too large to read, files that are not what they claim, names that try to escape.

Multipart bodies are built by hand here: Django's test client strips a file name to its basename
before sending it, which would hide exactly the names these tests are about.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client

from coaching.documents import MAX_DOCX_UNPACKED_BYTES
from coaching.models import Resume
from interviews.audio import MAX_AUDIO_BYTES
from interviews.models import Answer
from operations.uploads import body_limit
from tests.coaching.conftest import coach_client, coached_user  # noqa: F401  (fixtures)
from tests.coaching.documents import RESUME_TEXT, docx_bytes, pdf_bytes
from tests.interviews.conftest import AUDIO_HEADERS, start

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/v1/auth/me/')</script></body></html>"
# A header GIF readers accept, then markup: as an image in one viewer, a page in a browser.
GIF_HTML = b"GIF89a/*\x01\x01\x01\x01\x01\x01*/=1;" + HTML


def zip_bytes(**entries: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def multipart(*, field: str, filename: str, data: bytes, content_type: str, **fields: str) -> tuple[bytes, str]:
    """A multipart body carrying ``filename`` exactly as given, and the Content-Type announcing it."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class CountingBody(io.RawIOBase):
    """A client body that counts what the server reads; ``endless`` never runs out."""

    def __init__(self, *, endless: bool = False) -> None:
        self.endless = endless
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        if (size is None or size < 0) and self.endless:
            raise AssertionError("the server tried to read an endless body to its end")
        chunk = b"\x00" * (size if size is not None and size >= 0 else 64 * 1024)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        return self.read(size)


@pytest.fixture
def interview(auth_client, bank):
    return start(auth_client, question_count=2).json()


def answers_url(interview) -> str:
    return f"/api/v1/interviews/{interview['id']}/answers/"


def upload_audio(client, interview, *, filename: str, data: bytes, content_type="audio/wav", question=0, **fields):
    body, body_type = multipart(
        field="audio",
        filename=filename,
        data=data,
        content_type=content_type,
        question_id=interview["questions"][question]["id"],
        **fields,
    )
    return client.generic("POST", answers_url(interview), body, content_type=body_type)


def upload_resume(client, *, filename: str, data: bytes, content_type: str = "application/pdf"):
    body, body_type = multipart(field="file", filename=filename, data=data, content_type=content_type)
    return client.generic("POST", "/api/v1/resume/", body, content_type=body_type)


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content[:300]
    assert response.json()["error"]["code"] == code


# --- Bodies too large to read ----------------------------------------------------------


def _post_declared(client, path: str, body: CountingBody, declared: int | None):
    extra: dict[str, Any] = {"wsgi.input": body}
    if declared is not None:
        extra["CONTENT_LENGTH"] = str(declared)
    else:
        extra["HTTP_TRANSFER_ENCODING"] = "chunked"
    return client.generic("POST", path, b"", content_type="multipart/form-data; boundary=x", **extra)


OVERSIZED = [
    ("/api/v1/interviews/0123456789abcdef01234567/answers/", "interview-answers", 50 * MB),
    ("/api/v1/resume/", "resume", 50 * MB),
    ("/admin/questions/question/import/", "admin:questions_question_import", 50 * MB),
    # DRF parses multipart on every endpoint; one without an upload of its own takes only form-sized bodies.
    ("/api/v1/support/tickets/", "ticket-list", settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
]


def test_a_body_declared_over_the_endpoints_limit_is_refused_with_413_before_it_is_read():
    for path, view_name, declared in OVERSIZED:
        body = CountingBody()

        # Anonymous: the size is judged before anything else, so nobody gets a body spooled by asking.
        response = _post_declared(Client(), path, body, declared=declared)

        assert (response.status_code, body.bytes_read) == (413, 0), path
        if path.startswith("/api/"):
            assert response.json()["error"] == {
                "code": "payload_too_large",
                "message": "The request body is too large.",
                "details": {"max_body_bytes": body_limit(view_name=view_name)},
            }


def test_an_endless_chunked_body_is_not_read_past_the_limit(auth_client, interview):
    body = CountingBody(endless=True)

    response = _post_declared(auth_client, answers_url(interview), body, declared=None)

    # Django reads no further than a declared length; with none, the body is never read at all.
    assert body.bytes_read <= body_limit(view_name="interview-answers")
    assert_error(response, 400, "validation_error")
    assert not Answer.objects.exists()


def test_a_recording_at_the_limit_with_a_full_transcript_still_reaches_the_service(auth_client, interview):
    audio = AUDIO_HEADERS["wav"] + b"\x00" * (MAX_AUDIO_BYTES - len(AUDIO_HEADERS["wav"]))

    response = upload_audio(auth_client, interview, filename="a.wav", data=audio, transcript="é" * 20000)

    assert response.status_code == 201, response.content[:300]
    assert Answer.objects.get().audio.size == MAX_AUDIO_BYTES


# --- Files that are not what they claim ----------------------------------------------------


AUDIO_IMPOSTORS = {
    "wav-then-html": (AUDIO_HEADERS["wav"] + HTML, "answer.wav", "audio/wav", "mixed_format"),
    "mp3-then-pdf": (AUDIO_HEADERS["mp3"] + b"%PDF-1.7\n1 0 obj <<>> endobj", "a.mp3", "audio/mpeg", "mixed_format"),
    "webm-then-zip": (
        AUDIO_HEADERS["webm"] + b"\x00" * 4096 + zip_bytes(x=b"x"),
        "a.webm",
        "audio/webm",
        "mixed_format",
    ),
    "pdf-named-wav": (pdf_bytes(["not audio"]), "answer.wav", "audio/wav", "unsupported_media_type"),
    "gif-html-polyglot": (GIF_HTML, "answer.webm", "audio/webm", "unsupported_media_type"),
}


def test_recordings_are_judged_by_every_format_in_their_bytes(auth_client, user, interview):
    for case, (data, filename, content_type, code) in AUDIO_IMPOSTORS.items():
        response = upload_audio(auth_client, interview, filename=filename, data=data, content_type=content_type)

        assert (response.status_code, response.json()["error"]["code"]) == (415, code), case
    assert not Answer.objects.exists()
    assert not default_storage.exists(f"answers/{user.pk}")


def docx_bomb() -> bytes:
    """A real DOCX whose document.xml inflates past the bound from a few kilobytes."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes(RESUME_TEXT))) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    padding = b" " * (MAX_DOCX_UNPACKED_BYTES + 1)
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"</w:body>", padding + b"</w:body>")
    return zip_bytes(**parts)


RESUME_IMPOSTORS = {
    "wav-named-pdf": (lambda: AUDIO_HEADERS["wav"] + b"\x00" * 64, 415, "unsupported_media_type"),
    "gif-html-polyglot": (lambda: GIF_HTML, 415, "mixed_format"),
    "html-as-text": (lambda: HTML + RESUME_TEXT.encode(), 415, "mixed_format"),
    "pdf-then-zip": (lambda: pdf_bytes(RESUME_TEXT.splitlines()) + zip_bytes(x=b"x"), 415, "mixed_format"),
    "zip-without-document": (
        lambda: zip_bytes(**{"[Content_Types].xml": b"<Types/>", "word/other.xml": b"<w/>"}),
        415,
        "unsupported_media_type",
    ),
    "docx-bomb": (docx_bomb, 400, "resume_unpacked_too_large"),
}


def test_resumes_are_judged_by_their_bytes_and_bounded_when_unpacked(coach_client, coached_user):  # noqa: F811
    for case, (make, status, code) in RESUME_IMPOSTORS.items():
        response = upload_resume(coach_client, filename="cv.pdf", data=make())

        assert (response.status_code, response.json()["error"]["code"]) == (status, code), case
    assert not Resume.objects.exists()
    assert not default_storage.exists(f"resumes/{coached_user.pk}")


# --- Names that try to escape -------------------------------------------------------------

HOSTILE_NAMES = [
    "../../../etc/passwd.wav",
    "..\\..\\evil.wav",
    "/etc/cron.d/evil.wav",
    "evil\x00.html",
    "a" * 300 + ".wav",
    "cv\u202egnp.html",  # right-to-left override: shows as "cvlmth.png"
]


def _inside_media_root(name: str) -> bool:
    return Path(default_storage.path(name)).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def test_recordings_are_stored_and_served_under_names_we_make(auth_client, user, bank):
    interview = start(auth_client, question_count=len(HOSTILE_NAMES)).json()
    for index, filename in enumerate(HOSTILE_NAMES):
        wav = AUDIO_HEADERS["wav"] + b"\x00" * 64
        response = upload_audio(
            auth_client, interview, filename=filename, data=wav, content_type="text/html", question=index
        )

        assert response.status_code == 201, filename
        name = Answer.objects.get(pk=response.json()["id"]).audio.name
        assert re.fullmatch(rf"answers/{user.pk}/[0-9a-f]{{32}}\.wav", name), filename
        assert _inside_media_root(name)
        download = auth_client.get(response.json()["audio_url"])
        assert download.status_code == 200
        assert download["Content-Type"] == "audio/wav"
        assert download["Content-Disposition"] == f'attachment; filename="{Path(name).name}"'
        assert download["X-Content-Type-Options"] == "nosniff"


def test_resumes_are_stored_by_their_detected_format_and_their_shown_name_is_cleaned(
    coach_client,  # noqa: F811
    coached_user,  # noqa: F811
):
    for filename in HOSTILE_NAMES:
        response = upload_resume(coach_client, filename=filename, data=RESUME_TEXT.encode(), content_type="text/html")

        assert response.status_code == 201, filename
        name = Resume.objects.get().file.name
        assert re.fullmatch(rf"resumes/{coached_user.pk}/[0-9a-f]{{32}}\.txt", name), filename
        assert _inside_media_root(name)
        shown = response.json()["filename"]
        assert 0 < len(shown) <= 255, filename
        assert not set(shown) & set("/\\\x00\u202e") and ".." not in shown, filename
