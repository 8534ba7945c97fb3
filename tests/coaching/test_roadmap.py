"""Roadmaps from real interview results, item completion, the review schedule, gating and ownership."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.models import PracticeSchedule, ReviewItem
from coaching.selectors import practice_topics_due
from coaching.services import practice_schedule_sync, practice_schedule_update
from tests.coaching.conftest import upload
from tests.coaching.documents import RESUME_TEXT
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db

WEAK_ANSWER = "Um, I think it is something with databases, maybe. I am not sure."


@pytest.fixture
def weak_interview(coach_client):
    """A completed interview answered badly, through the interviews API and the offline provider."""
    for _ in range(3):
        QuestionFactory.create(tags=["databases"], key_points=["explains indexing trade-offs", "gives an example"])
    interview = coach_client.post("/api/v1/interviews/", {"type": "technical", "level": "middle"}, format="json")
    assert interview.status_code == 201, interview.json()
    body = interview.json()
    for question in body["questions"]:
        answered = coach_client.post(
            f"/api/v1/interviews/{body['id']}/answers/",
            {"question_id": question["id"], "text": WEAK_ANSWER},
            format="json",
        )
        assert answered.status_code == 201
    coach_client.post(f"/api/v1/interviews/{body['id']}/complete/")
    return body


def test_weak_interview_results_are_scheduled_for_review(coach_client, coached_user, weak_interview):
    practice_schedule_sync(user=coached_user)  # idempotent: the signal already ran it

    assert practice_topics_due(user=coached_user, now=timezone.now() + timedelta(days=1)) == ["databases"]
    schedule = PracticeSchedule.objects.get(user=coached_user)
    assert {item.name for item in schedule.items if item.kind == ReviewItem.Kind.CRITERION}
    assert practice_schedule_sync(user=coached_user) == 0


def test_generated_roadmap_reflects_weaknesses_resume_gaps_and_due_reviews(coach_client, weak_interview):
    upload(coach_client, RESUME_TEXT.encode(), "cv.txt", "text/plain")

    response = coach_client.post("/api/v1/roadmap/generate/", {"weeks": 4}, format="json")

    assert response.status_code == 201, response.json()
    roadmap = response.json()
    titles = [item["title"] for item in roadmap["items"]]
    assert "Review databases" in titles
    assert any(title.startswith("Improve ") for title in titles)
    assert "Learn Redis" in titles  # expected of a backend developer, missing from the resume
    assert all(1 <= item["due_week"] <= 4 for item in roadmap["items"])
    assert roadmap["progress"] == 0
    current = coach_client.get("/api/v1/roadmap/").json()
    assert current["id"] == roadmap["id"]
    assert current["due_reviews"] == []  # due tomorrow, not yet


def test_due_reviews_show_on_the_roadmap(coach_client, coached_user):
    practice_schedule_update(user=coached_user, topic="sql", score=30, at=timezone.now() - timedelta(days=2))
    coach_client.post("/api/v1/roadmap/generate/", {}, format="json")

    current = coach_client.get("/api/v1/roadmap/").json()

    assert [review["name"] for review in current["due_reviews"]] == ["sql"]


def test_good_results_grow_the_interval(coached_user):
    start = timezone.now()
    practice_schedule_update(user=coached_user, topic="sql", score=40, at=start)
    intervals = []
    for day in (1, 2, 8):
        schedule = practice_schedule_update(user=coached_user, topic="sql", score=90, at=start + timedelta(days=day))
        intervals.append(schedule.items[0].interval_days)

    assert intervals[0] == 1 and intervals[1] == 6 and intervals[2] > 6
    practice_schedule_update(user=coached_user, topic="python", score=95)
    assert [item.name for item in PracticeSchedule.objects.get(user=coached_user).items] == ["sql"]


def test_completing_items_and_regenerating_keeps_history(coach_client, coached_user):
    practice_schedule_update(user=coached_user, topic="sql", score=30)
    roadmap = coach_client.post("/api/v1/roadmap/generate/", {}, format="json").json()
    item = roadmap["items"][0]

    response = coach_client.patch(
        f"/api/v1/roadmap/{roadmap['id']}/items/{item['id']}/", {"completed": True}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["progress"] == round(100 / len(roadmap["items"]))
    regenerated = coach_client.post("/api/v1/roadmap/generate/", {}, format="json").json()
    kept = [entry for entry in regenerated["items"] if entry["completed"]]
    assert [entry["id"] for entry in kept] == [item["id"]]
    assert item["title"] == "Review sql"
    assert [entry["title"] for entry in regenerated["items"]].count(item["title"]) == 1


def test_another_users_roadmap_and_items_are_404(coach_client, other_user):
    from rest_framework.test import APIClient

    from conftest import authenticate

    roadmap = coach_client.post("/api/v1/roadmap/generate/", {}, format="json").json()
    other_user.role = other_user.Role.STAFF
    other_user.save()
    intruder = authenticate(APIClient(), other_user)
    item_id = roadmap["items"][0]["id"]

    assert intruder.patch(f"/api/v1/roadmap/{roadmap['id']}/items/{item_id}/", {"completed": True}).status_code == 404
    assert coach_client.patch(f"/api/v1/roadmap/{roadmap['id']}/items/nope/", {"completed": True}).status_code == 404
    assert coach_client.patch(f"/api/v1/roadmap/bad/items/{item_id}/", {"completed": True}).status_code == 404
    assert intruder.get("/api/v1/roadmap/").status_code == 404


def test_free_user_needs_a_plan(auth_client):
    assert auth_client.post("/api/v1/roadmap/generate/", {}, format="json").json()["error"]["code"] == "plan_required"
    assert auth_client.get("/api/v1/roadmap/").status_code == 403


def test_get_roadmap_query_budget(coach_client, django_assert_max_num_queries):
    coach_client.post("/api/v1/roadmap/generate/", {}, format="json")

    with django_assert_max_num_queries(4):
        assert coach_client.get("/api/v1/roadmap/").status_code == 200
