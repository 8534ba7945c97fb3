"""A Russian-speaking user's resume analysis, coach replies and roadmap come in Russian from the offline provider."""

from __future__ import annotations

import pytest

from tests.coaching.conftest import upload
from tests.coaching.documents import RESUME_TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def russian_coached_user(coached_user):
    coached_user.settings = {**(coached_user.settings or {}), "language": "ru"}
    coached_user.save(update_fields=["settings"])
    return coached_user


def test_resume_analysis_chat_and_roadmap_speak_russian(coach_client, russian_coached_user):
    assert upload(coach_client, RESUME_TEXT.encode(), "cv.txt", "text/plain").status_code in (201, 202)

    analysis = coach_client.get("/api/v1/resume/").json()["analysis"]
    assert analysis["summary"].startswith("Резюме с ")
    assert "Разделы: опыт работы, образование, навыки." in analysis["summary"]
    assert "Не хватает для роли «backend developer»: " in analysis["summary"]

    reply = coach_client.post("/api/v1/chat/messages/", {"message": "Каких навыков мне не хватает?"}, format="json")
    assert reply.status_code == 201, reply.json()
    lines = reply.json()["reply"].splitlines()
    assert lines[0] == "Вот что я советую для роли «Backend Developer»."
    assert any(line.startswith("- Следующими закройте эти пробелы: ") and "Redis" in line for line in lines)

    roadmap = coach_client.post("/api/v1/roadmap/generate/", {"weeks": 2}, format="json")
    assert roadmap.status_code == 201, roadmap.json()
    titles = [item["title"] for item in roadmap.json()["items"]]
    assert "Изучить Redis" in titles
    assert titles[-1] == "Полное пробное собеседование: Backend Developer"
