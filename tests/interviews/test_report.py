"""The interview report: a PDF for the owner, and share links to the same report as a page."""

import io
import shutil
import subprocess
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from interviews.models import ShareLink
from tests.interviews.conftest import GOOD_ANSWER, start

pytestmark = pytest.mark.django_db


def _completed(client, count=3):
    interview = start(client, question_count=count).json()
    for question in interview["questions"][:2]:
        body = {"question_id": question["id"], "text": GOOD_ANSWER}
        client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json")
    client.post(f"/api/v1/interviews/{interview['id']}/complete/")
    return interview


def _pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _pages_as_png(data, tmp_path):
    """Render with Debian's pdftoppm, the way a reader's viewer would; returns the page images."""
    (tmp_path / "report.pdf").write_bytes(data)
    subprocess.run(
        [
            shutil.which("pdftoppm") or "pdftoppm",
            "-png",
            "-r",
            "60",
            str(tmp_path / "report.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=60,
    )
    return sorted(tmp_path.glob("page-*.png"))


def test_report_is_a_pdf_with_scores_answers_and_feedback(auth_client, user, bank, tmp_path):
    user.name = "Ada Lovelace"
    user.save()
    interview = _completed(auth_client)

    response = auth_client.get(f"/api/v1/interviews/{interview['id']}/report/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF-")
    text = _pdf_text(data)
    for expected in ("Interview report", "Ada Lovelace", "Scores by criterion", "Questions and answers", "Feedback"):
        assert expected in text
    assert "synchronous replication" in text  # the answer itself
    assert user.email not in text
    pages = _pages_as_png(data, tmp_path)
    assert pages and all(page.stat().st_size > 5000 for page in pages)


def test_report_is_written_in_russian_for_a_russian_user(auth_client, user, bank, tmp_path):
    user.settings = {"language": "ru"}
    user.save()
    interview = _completed(auth_client)

    data = auth_client.get(f"/api/v1/interviews/{interview['id']}/report/").content

    text = _pdf_text(data)
    assert "Отчёт о собеседовании" in text
    assert "Вопросы и ответы" in text
    assert _pages_as_png(data, tmp_path)


def test_report_of_an_open_interview_is_409(auth_client, bank):
    interview = start(auth_client).json()

    response = auth_client.get(f"/api/v1/interviews/{interview['id']}/report/", HTTP_ACCEPT="application/pdf")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "interview_not_completed"


def test_another_users_report_is_404(auth_client, other_client, bank):
    interview = _completed(auth_client)

    assert other_client.get(f"/api/v1/interviews/{interview['id']}/report/").status_code == 404
    assert other_client.post(f"/api/v1/interviews/{interview['id']}/share/").status_code == 404
    assert other_client.delete(f"/api/v1/interviews/{interview['id']}/share/").status_code == 404


def test_a_share_link_shows_the_report_without_the_email_until_revoked(auth_client, api_client, user, bank):
    user.name = "Ada Lovelace"
    user.save()
    interview = _completed(auth_client)

    created = auth_client.post(f"/api/v1/interviews/{interview['id']}/share/")

    assert created.status_code == 201
    link = created.json()
    assert (
        timedelta(days=6, hours=23) < (datetime.fromisoformat(link["expires_at"]) - timezone.now()) <= timedelta(days=7)
    )
    assert "/r/" in link["url"]
    page = api_client.get(link["url"])
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert "Ada Lovelace" in html and "Questions and answers" in html and "<svg" in html
    assert user.email not in html
    assert auth_client.delete(f"/api/v1/interviews/{interview['id']}/share/").status_code == 204
    assert api_client.get(link["url"]).status_code == 404


def test_a_share_link_stops_working_when_it_expires(auth_client, api_client, bank):
    interview = _completed(auth_client)
    link = auth_client.post(f"/api/v1/interviews/{interview['id']}/share/", {"expires_in_days": 1}, format="json")
    assert api_client.get(link.json()["url"]).status_code == 200

    ShareLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert api_client.get(link.json()["url"]).status_code == 404


def test_share_link_expiry_is_validated(auth_client, bank):
    interview = _completed(auth_client)

    response = auth_client.post(f"/api/v1/interviews/{interview['id']}/share/", {"expires_in_days": 90}, format="json")

    assert response.status_code == 400
    assert "expires_in_days" in response.json()["error"]["details"]


def test_unknown_share_token_is_404(api_client):
    assert api_client.get("/r/not-a-token/").status_code == 404
