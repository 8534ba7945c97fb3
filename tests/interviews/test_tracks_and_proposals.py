"""Tracks curated by staff, and questions written for a job's uncovered requirements (premium)."""

import pytest
from django.test import Client

from billing.services import plans_seed, premium_grant
from questions.models import Question, Track
from tests.interviews.conftest import start
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ordered_track(db):
    questions = [QuestionFactory.create(level="senior", tags=["system-design"]) for _ in range(3)]
    return Track.objects.create(
        name="Acme backend loop",
        slug="acme-backend",
        target_role="Backend Engineer",
        level="senior",
        question_ids=[str(questions[2].pk), str(questions[0].pk)],
        question_count=2,
    ), questions


def test_tracks_are_listed_in_staffs_order_with_a_constant_number_of_queries(
    auth_client, django_assert_max_num_queries
):
    for index in range(6):
        Track.objects.create(name=f"Track {index}", slug=f"track-{index}", sort_order=6 - index)
    Track.objects.create(name="Hidden", slug="hidden", is_active=False)

    with django_assert_max_num_queries(3):
        response = auth_client.get("/api/v1/tracks/")

    assert response.status_code == 200
    names = [track["name"] for track in response.json()["results"]]
    assert names == [f"Track {index}" for index in reversed(range(6))]


def test_tracks_filter_by_language_and_role(auth_client):
    Track.objects.create(name="English", slug="english", language="en", target_role="Backend Engineer")
    Track.objects.create(name="Русский", slug="russian", language="ru", target_role="Backend Engineer")
    Track.objects.create(name="Frontend", slug="frontend", language="ru", target_role="Frontend Engineer")

    response = auth_client.get("/api/v1/tracks/?language=ru&role=backend")

    assert [track["name"] for track in response.json()["results"]] == ["Русский"]


def test_an_interview_started_from_a_track_asks_its_questions_in_order(auth_client, ordered_track):
    track, questions = ordered_track

    response = auth_client.post("/api/v1/interviews/", {"track_id": str(track.pk)}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert [question["id"] for question in body["questions"]] == [str(questions[2].pk), str(questions[0].pk)]
    assert body["track_id"] == str(track.pk)
    assert (body["level"], body["job_title"]) == ("senior", "Backend Engineer")
    assert all(question["reason"] == "Part of the Acme backend loop track." for question in body["questions"])


def test_a_track_with_tags_ranks_bank_questions_by_them(auth_client):
    QuestionFactory.create_batch(6, tags=["communication"])
    tagged = QuestionFactory.create(tags=["caching"], text="How would you invalidate a cache?")
    track = Track.objects.create(name="Caching", slug="caching", level="middle", tags=["caching"], question_count=2)

    body = auth_client.post("/api/v1/interviews/", {"track_id": str(track.pk)}, format="json").json()

    assert str(tagged.pk) in [question["id"] for question in body["questions"]], body


def test_an_inactive_or_unknown_track_is_404(auth_client):
    track = Track.objects.create(name="Old", slug="old", is_active=False)

    for track_id in (str(track.pk), "0123456789abcdef01234567"):
        response = auth_client.post("/api/v1/interviews/", {"track_id": track_id}, format="json")
        assert response.status_code == 404


def test_free_users_cannot_ask_for_generated_questions(auth_client, bank):
    response = start(auth_client, job_description="Kubernetes operators in Go", generate_missing=True)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "plan_required"


def test_premium_plan_proposes_questions_for_uncovered_requirements(auth_client, user, bank):
    plans_seed()
    premium_grant(user=user, days=30, granted_by="test")
    job = "We run Kubernetes and write Terraform."

    response = start(auth_client, job_description=job, question_count=3, generate_missing=True)

    assert response.status_code == 201
    asked = response.json()["questions"]
    proposed = Question.objects.filter(review_status=Question.Review.PROPOSED)
    assert {str(question.pk) for question in proposed} <= {question["id"] for question in asked}
    assert proposed.count() == 2
    assert all(not question.is_active and question.source_job_text == job for question in proposed)
    reasons = [question["reason"] for question in asked if question["id"] in {str(q.pk) for q in proposed}]
    assert all("the question bank does not cover yet" in reason for reason in reasons)
    assert len(asked) == 3
    assert not auth_client.get("/api/v1/questions/?tags=kubernetes").json()["results"]


def test_staff_approve_and_reject_proposals_in_the_admin(staff_user):
    approved = QuestionFactory.create(is_active=False, review_status="proposed", source_job_text="Kubernetes job")
    rejected = QuestionFactory.create(is_active=False, review_status="proposed", source_job_text="Terraform job")
    client = Client()
    client.force_login(staff_user)

    page = client.get(f"/admin/questions/question/{approved.pk}/change/")
    client.post(
        "/admin/questions/question/", {"action": "approve", "_selected_action": [str(approved.pk)]}, follow=True
    )
    client.post("/admin/questions/question/", {"action": "reject", "_selected_action": [str(rejected.pk)]}, follow=True)

    assert "Kubernetes job" in page.content.decode()
    approved.refresh_from_db()
    rejected.refresh_from_db()
    assert (approved.review_status, approved.is_active) == ("approved", True)
    assert (rejected.review_status, rejected.is_active) == ("rejected", False)


def test_staff_curate_a_track_of_existing_questions_in_the_admin(staff_user):
    question = QuestionFactory.create()
    client = Client()
    client.force_login(staff_user)
    form = {
        "name": "Acme",
        "slug": "acme",
        "type": "technical",
        "level": "middle",
        "language": "en",
        "tags": "",
        "question_count": "5",
        "is_active": "on",
        "sort_order": "0",
    }

    refused = client.post("/admin/questions/track/add/", {**form, "question_ids": "0123456789abcdef01234567"})
    client.post("/admin/questions/track/add/", {**form, "question_ids": f"{question.pk}\n"})

    assert "No active bank question with id: 0123456789abcdef01234567" in refused.content.decode()
    assert Track.objects.get().question_ids == [str(question.pk)]
