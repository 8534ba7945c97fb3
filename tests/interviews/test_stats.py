from datetime import timedelta

import pytest
from django.utils import timezone

from billing.models import Usage
from interviews.models import Answer, Interview
from tests.interviews.conftest import GOOD_ANSWER, start

pytestmark = pytest.mark.django_db

SCORES_A = {"clarity": 90, "relevance": 80, "technical_accuracy": 40, "structure": 60, "confidence": 90}
SCORES_B = {"clarity": 70, "relevance": 70, "technical_accuracy": 60, "structure": 30, "confidence": 80}


def _completed(user, *, type, score, days_ago):
    moment = timezone.now() - timedelta(days=days_ago)
    return Interview.objects.create(
        user=user,
        type=type,
        level="middle",
        status="completed",
        overall_score=score,
        started_at=moment,
        completed_at=moment,
    )


def test_stats_match_a_hand_built_dataset(auth_client, user, other_user, bank):
    first = _completed(user, type="technical", score=80, days_ago=0)
    _completed(user, type="behavioral", score=60, days_ago=1)
    _completed(user, type="technical", score=70, days_ago=3)
    _completed(other_user, type="technical", score=10, days_ago=0)
    Interview.objects.create(user=user, type="hr", level="middle", started_at=timezone.now())
    now = timezone.now()
    for question, scores, metrics in [
        (bank[0], SCORES_A, {"words_per_minute": 120, "filler_count": 2}),
        (bank[1], SCORES_B, {}),
    ]:
        Answer.objects.bulk_create(  # no signal: these are already evaluated
            [
                Answer(
                    interview=first,
                    user=user,
                    question=question,
                    text="x",
                    evaluation_status="done",
                    evaluation={"scores": scores},
                    score=70,
                    speech_metrics=metrics,
                    evaluated_at=now,
                )
            ]
        )
    Usage.objects.create(user=user, interview_starts=[now - timedelta(days=1), now - timedelta(days=9)])

    stats = auth_client.get("/api/v1/users/me/stats/").json()

    assert stats["interviews_completed"] == 3
    assert stats["average_score"] == 70.0
    assert stats["best_score"] == 80.0
    assert [point["score"] for point in stats["score_trend"]] == [70.0, 60.0, 80.0]
    assert stats["score_trend"][-1]["date"] == now.date().isoformat()
    assert stats["by_type"] == {
        "technical": {"count": 2, "average_score": 75.0},
        "behavioral": {"count": 1, "average_score": 60.0},
    }
    assert stats["weakest_skills"] == [
        {"skill": "structure", "average_score": 45.0},
        {"skill": "technical_accuracy", "average_score": 50.0},
    ]
    assert stats["strongest_skills"] == [
        {"skill": "confidence", "average_score": 85.0},
        {"skill": "clarity", "average_score": 80.0},
    ]
    assert stats["streak_days"] == 2
    assert stats["interviews_this_week"] == 1
    assert stats["weekly_limit"] == 2
    assert stats["speech_trend"] == [{"date": now.date().isoformat(), "words_per_minute": 120.0, "filler_count": 2.0}]


def test_stats_of_a_new_user_are_empty_not_an_error(auth_client):
    stats = auth_client.get("/api/v1/users/me/stats/").json()

    assert stats["interviews_completed"] == 0
    assert stats["average_score"] is None
    assert stats["score_trend"] == [] and stats["by_type"] == {} and stats["weakest_skills"] == []
    assert stats["streak_days"] == 0


def test_stats_are_cached_yet_follow_every_interview_the_user_finishes_or_deletes(auth_client, bank):
    assert auth_client.get("/api/v1/users/me/stats/").json()["interviews_completed"] == 0

    interview = start(auth_client, question_count=1).json()
    assert auth_client.get("/api/v1/users/me/stats/").json()["streak_days"] == 1
    body = {"question_id": interview["questions"][0]["id"], "text": GOOD_ANSWER}
    auth_client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json")
    criteria = auth_client.get("/api/v1/users/me/stats/").json()["strongest_skills"]
    assert criteria and all(item["average_score"] > 0 for item in criteria)
    auth_client.post(f"/api/v1/interviews/{interview['id']}/complete/")

    stats = auth_client.get("/api/v1/users/me/stats/").json()
    assert stats["interviews_completed"] == 1
    assert (
        stats["best_score"] == auth_client.get(f"/api/v1/interviews/{interview['id']}/result/").json()["overall_score"]
    )

    assert auth_client.delete(f"/api/v1/interviews/{interview['id']}/").status_code == 204
    stats = auth_client.get("/api/v1/users/me/stats/").json()
    assert (stats["interviews_completed"], stats["streak_days"], stats["strongest_skills"]) == (0, 0, [])
