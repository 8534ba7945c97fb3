"""Resume analysis end to end through the OpenAI provider and the local fake API."""

from __future__ import annotations

import pytest

from tests.coaching.conftest import upload
from tests.coaching.documents import RESUME_TEXT
from tests.fakes.openai_server import http_error, ok_json

pytestmark = pytest.mark.django_db

REPLY = {
    "summary": "Backend developer with four years of Python and Django.",
    "skills": ["Python", "django", "PostgreSQL"],
    "years_of_experience": 4,
    "strengths": ["Production Django APIs."],
    "gaps": ["Redis"],
    "suggested_roles": ["backend developer"],
}


def test_upload_is_analysed_by_the_model(coach_client, openai_provider, openai_server):
    openai_server.enqueue("chat", ok_json(REPLY))

    assert upload(coach_client, RESUME_TEXT.encode(), "cv.txt", "text/plain").status_code == 201

    resume = coach_client.get("/api/v1/resume/").json()
    assert resume["analysis_status"] == "done"
    assert resume["analysis"]["skills"] == ["Python", "Django", "PostgreSQL"]
    assert resume["analysis"]["provider"] == "openai"
    assert "Redis" in resume["analysis"]["gaps"] and "Celery" in resume["analysis"]["gaps"]
    [request] = openai_server.requests
    assert "Backend developer at Acme" in request.body["messages"][1]["content"]


def test_model_outage_marks_the_analysis_failed_not_the_upload(coach_client, openai_provider, openai_server, settings):
    settings.AI_MAX_RETRIES = 0
    openai_server.enqueue("chat", http_error(503))

    assert upload(coach_client, RESUME_TEXT.encode(), "cv.txt", "text/plain").status_code == 201

    resume = coach_client.get("/api/v1/resume/").json()
    assert resume["analysis_status"] == "failed" and resume["analysis"] is None
    assert resume["analysis_error"].startswith("ProviderUnavailable")
