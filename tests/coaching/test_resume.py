"""Resume upload, analysis with the offline provider, replacement, deletion and erasure."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from accounts.services.erasure import user_erase
from coaching.documents import MAX_RESUME_BYTES
from coaching.models import Resume
from coaching.selectors import resume_skills
from tests.coaching.conftest import upload
from tests.coaching.documents import RESUME_TEXT, docx_bytes, encrypted_pdf_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize(
    ("data", "name", "content_type", "fmt"),
    [
        (pdf_bytes(RESUME_TEXT.splitlines()), "cv.pdf", "application/pdf", "pdf"),
        (docx_bytes(RESUME_TEXT), "cv.docx", DOCX_TYPE, "docx"),
        (RESUME_TEXT.encode(), "cv.txt", "text/plain", "txt"),
    ],
)
def test_each_format_is_stored_and_analysed_against_the_target_role(coach_client, data, name, content_type, fmt):
    response = upload(coach_client, data, name, content_type)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["format"] == fmt and body["analysis_status"] in ("pending", "done")
    resume = coach_client.get("/api/v1/resume/").json()
    assert resume["analysis_status"] == "done"
    analysis = resume["analysis"]
    assert {"Python", "Django", "PostgreSQL", "Docker", "Git", "REST APIs"} <= set(analysis["skills"])
    assert analysis["years_of_experience"] == 4.0  # Jan 2019 - Dec 2022; education dates do not count
    assert "Redis" in analysis["gaps"] and "Python" not in analysis["gaps"]
    assert "backend developer" in analysis["suggested_roles"]
    assert analysis["summary"] and analysis["strengths"]
    assert set(analysis["sections"]) >= {"experience", "education", "skills"}


def test_skills_found_feed_question_selection(coach_client, coached_user):
    upload(coach_client, RESUME_TEXT.encode(), "cv.txt", "text/plain")

    assert "Python" in resume_skills(user=coached_user)


@pytest.mark.parametrize(
    ("data", "name", "status", "code"),
    [
        (b"GIF89a\x01\x00\x01\x00\x00\xff\x00," + b"\x00" * 40, "photo.pdf", 415, "unsupported_media_type"),
        (b"PK\x03\x04" + b"\x00" * 60, "fake.docx", 415, "unsupported_media_type"),
        (b"", "empty.pdf", 400, "resume_empty"),
        (b"%PDF-1.4\nthis is not really a pdf", "corrupt.pdf", 400, "resume_unreadable"),
        (encrypted_pdf_bytes(), "locked.pdf", 400, "resume_encrypted"),
        (pdf_bytes([]), "scan.pdf", 400, "resume_no_text"),
    ],
)
def test_bad_files_get_a_clear_error_and_nothing_is_stored(coach_client, data, name, status, code):
    response = upload(coach_client, data, name)

    assert response.status_code == status, response.json()
    assert response.json()["error"]["code"] == code
    assert not Resume.objects.exists()


def test_oversized_file_is_413(coach_client):
    response = upload(coach_client, b"a" * (MAX_RESUME_BYTES + 1), "big.txt", "text/plain")

    assert response.status_code == 413


def test_new_upload_replaces_the_old_resume_and_deletes_its_file(coach_client, coached_user):
    upload(coach_client, RESUME_TEXT.encode(), "first.txt", "text/plain")
    first = Resume.objects.get(user=coached_user).file.name
    assert default_storage.exists(first)

    upload(coach_client, docx_bytes(RESUME_TEXT), "second.docx", DOCX_TYPE)

    resume = Resume.objects.get(user=coached_user)
    assert resume.format == "docx" and resume.file.name != first
    assert not default_storage.exists(first) and default_storage.exists(resume.file.name)


def test_delete_removes_document_and_file(coach_client, coached_user):
    upload(coach_client, RESUME_TEXT.encode(), "cv.txt", "text/plain")
    name = Resume.objects.get(user=coached_user).file.name

    assert coach_client.delete("/api/v1/resume/").status_code == 204

    assert not Resume.objects.exists() and not default_storage.exists(name)
    assert coach_client.get("/api/v1/resume/").status_code == 404


def test_account_deletion_erases_resume_files(coach_client, coached_user):
    upload(coach_client, RESUME_TEXT.encode(), "cv.txt", "text/plain")
    name = Resume.objects.get(user=coached_user).file.name

    user_erase(user=coached_user)

    assert not Resume.objects.exists() and not default_storage.exists(name)


def test_free_user_needs_a_plan(auth_client):
    response = upload(auth_client, RESUME_TEXT.encode(), "cv.txt", "text/plain")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "plan_required"
    assert response.json()["error"]["details"]["required_plan"] == "premium"
    assert auth_client.get("/api/v1/resume/").status_code == 403


def test_another_users_resume_is_not_visible(coach_client, other_client):
    upload(coach_client, RESUME_TEXT.encode(), "cv.txt", "text/plain")

    # The other user is on the free plan: gated first; a staff member without a resume gets 404.
    assert other_client.get("/api/v1/resume/").status_code == 403
    assert other_client.delete("/api/v1/resume/").status_code == 404


def test_admin_rerun_queues_the_analysis_again(coached_user, coach_client):
    from coaching.services import resumes_reanalyze

    upload(coach_client, RESUME_TEXT.encode(), "cv.txt", "text/plain")
    Resume.objects.update(analysis_status=Resume.AnalysisStatus.FAILED, analysis={})

    assert resumes_reanalyze(resumes=Resume.objects.all()) == 1

    assert Resume.objects.get().analysis_status == Resume.AnalysisStatus.DONE


def test_get_resume_query_budget(coach_client, django_assert_max_num_queries):
    upload(coach_client, RESUME_TEXT.encode(), "cv.txt", "text/plain")

    with django_assert_max_num_queries(3):
        assert coach_client.get("/api/v1/resume/").status_code == 200


def test_staff_deleting_a_resume_in_the_admin_removes_its_file(coach_client, coached_user, client, staff_user):
    upload(coach_client, RESUME_TEXT.encode(), "cv.txt", "text/plain")
    resume = Resume.objects.get(user=coached_user)
    client.force_login(staff_user)

    client.post(f"/admin/coaching/resume/{resume.pk}/delete/", {"post": "yes"})

    assert not Resume.objects.exists() and not default_storage.exists(resume.file.name)
