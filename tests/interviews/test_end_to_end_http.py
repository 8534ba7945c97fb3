"""A Russian-speaking user's whole journey over real HTTP against a live server: a job-shaped
interview with reasons, a retake and a re-run, the results email, the PDF report, a share link that
works and is revoked, and a track interview."""

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.core import mail

from conftest import make_user
from questions.models import Track
from tests.interviews.conftest import GOOD_ANSWER
from tests.questions.factories import QuestionFactory

# The live server runs in a thread of this process: see tests/browser for why this is transactional.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

DOWN = "tests.interviews.test_answers.DownProvider"
JOB = "Backend engineer: payment APIs in Go on Kubernetes, PostgreSQL for storage."


class Http:
    def __init__(self, base: str) -> None:
        self.base = base
        self.token = ""

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(
            path if path.startswith("http") else self.base + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={
                "Content-Type": "application/json",
                **({"Authorization": f"Bearer {self.token}"} if self.token else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def json(self, method: str, path: str, body: Any = None, expect: int = 200) -> Any:
        status, _headers, content = self.call(method, path, body)
        assert status == expect, (method, path, status, content[:500])
        return json.loads(content) if content else None


@pytest.fixture
def http(live_server, db) -> Http:
    user = make_user(settings={"language": "ru"})
    user.set_password("correct horse battery staple")
    user.save()
    client = Http(live_server.url)
    client.token = client.json(
        "POST", "/api/v1/auth/login/", {"email": user.email, "password": "correct horse battery staple"}
    )["access"]
    return client


def test_a_russian_users_journey_over_http(http, settings, tmp_path):
    QuestionFactory.create_batch(6, tags=["communication"])
    goroutines = QuestionFactory.create(text="How do goroutines differ from threads in Go?", tags=["go"])
    QuestionFactory.create(text="How does a Kubernetes Deployment roll out a new version?", tags=["kubernetes"])
    QuestionFactory.create(text="When would you add an index in PostgreSQL?", tags=["postgresql"])

    interview = http.json(
        "POST",
        "/api/v1/interviews/",
        {"type": "technical", "level": "middle", "job_description": JOB, "question_count": 3},
        expect=201,
    )
    reasons = [question["reason"] for question in interview["questions"]]
    assert all(reason.startswith("Охватывает") for reason in reasons), reasons
    assert any("Kubernetes" in reason for reason in reasons)
    answers = f"/api/v1/interviews/{interview['id']}/answers/"
    first, second = (question["id"] for question in interview["questions"][:2])

    http.json("POST", answers, {"question_id": first, "text": "Не знаю."}, expect=201)
    retake = http.json("POST", answers, {"question_id": first, "text": GOOD_ANSWER}, expect=201)
    assert [take["text"] for take in retake["previous_attempts"]] == ["Не знаю."]
    settings.AI_PROVIDER = DOWN
    failed = http.json("POST", answers, {"question_id": second, "text": GOOD_ANSWER}, expect=201)
    assert failed["evaluation_status"] == "failed"
    settings.AI_PROVIDER = "ai.providers.offline.OfflineProvider"
    rerun = http.json("POST", f"{answers}{failed['id']}/reevaluate/", expect=202)
    assert rerun["evaluation_status"] == "done"

    mail.outbox.clear()
    http.json("POST", f"/api/v1/interviews/{interview['id']}/complete/", expect=202)
    assert [message.subject for message in mail.outbox] == ["Результаты собеседования готовы"]

    status, headers, pdf = http.call("GET", f"/api/v1/interviews/{interview['id']}/report/")
    assert (status, headers["Content-Type"]) == (200, "application/pdf")
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run([shutil.which("pdftoppm") or "pdftoppm", "-png", "-r", "50", str(tmp_path / "report.pdf"),
                    str(tmp_path / "page")], check=True, timeout=60)  # fmt: skip
    assert list(tmp_path.glob("page-*.png"))

    link = http.json("POST", f"/api/v1/interviews/{interview['id']}/share/", {}, expect=201)
    anonymous = Http(http.base)
    status, headers, page = anonymous.call("GET", link["url"])
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "Отчёт о собеседовании" in page.decode()
    http.json("DELETE", f"/api/v1/interviews/{interview['id']}/share/", expect=204)
    assert anonymous.call("GET", link["url"])[0] == 404

    track = Track.objects.create(name="Go backend", slug="go-backend", level="middle", tags=["go"], question_count=2)
    listed = http.json("GET", "/api/v1/tracks/")["results"]
    assert [item["id"] for item in listed] == [str(track.pk)]
    started = http.json("POST", "/api/v1/interviews/", {"track_id": str(track.pk)}, expect=201)
    assert started["track_id"] == str(track.pk)
    assert str(goroutines.pk) in [question["id"] for question in started["questions"]]
