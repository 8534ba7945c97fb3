"""The coach conversation: grounded replies, token-windowed history, limits, gating, clearing."""

from __future__ import annotations

import pytest

from ai.types import ChatMessage
from coaching.models import ChatMessage as StoredMessage
from coaching.services.chat import history_window
from tests.coaching.conftest import upload
from tests.coaching.documents import RESUME_TEXT

pytestmark = pytest.mark.django_db


def test_reply_is_grounded_in_profile_and_resume(coach_client):
    upload(coach_client, RESUME_TEXT.encode(), "cv.txt", "text/plain")

    response = coach_client.post("/api/v1/chat/messages/", {"message": "Which skills should I learn?"}, format="json")

    assert response.status_code == 201, response.json()
    reply = response.json()["reply"]
    assert "Backend Developer" in reply
    assert "Python" in reply and "Redis" in reply  # a resume skill and a gap for the target role
    messages = coach_client.get("/api/v1/chat/").json()["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert messages[1]["content"] == reply and messages[0]["created_at"]


def test_history_is_windowed_by_tokens_not_messages():
    messages = [StoredMessage(role="user", content="x" * 400) for _ in range(5)]  # ~101 tokens each
    messages.append(StoredMessage(role="assistant", content="short"))

    window = history_window(messages=messages, budget_tokens=250)

    assert window == (
        *[ChatMessage(role="user", content="x" * 400)] * 2,
        ChatMessage(role="assistant", content="short"),
    )


def test_daily_allowance_is_enforced(coach_client, settings):
    settings.COACH_DAILY_MESSAGES = 2
    for _ in range(2):
        assert coach_client.post("/api/v1/chat/messages/", {"message": "hi"}, format="json").status_code == 201

    response = coach_client.post("/api/v1/chat/messages/", {"message": "hi"}, format="json")

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "daily_limit_reached"
    assert int(response["Retry-After"]) > 0


def test_per_user_rate_limit(coach_client, settings):
    settings.RATELIMIT_AI = {**settings.RATELIMIT_AI, "chat": "1/m"}
    assert coach_client.post("/api/v1/chat/messages/", {"message": "hi"}, format="json").status_code == 201

    response = coach_client.post("/api/v1/chat/messages/", {"message": "hi"}, format="json")

    assert response.status_code == 429 and response.json()["error"]["code"] == "rate_limited"


def test_delete_clears_the_conversation(coach_client):
    coach_client.post("/api/v1/chat/messages/", {"message": "hi"}, format="json")

    assert coach_client.delete("/api/v1/chat/").status_code == 204

    assert coach_client.get("/api/v1/chat/").json() == {"messages": []}


def test_conversations_are_private(coach_client, other_client):
    coach_client.post("/api/v1/chat/messages/", {"message": "hi"}, format="json")

    assert other_client.get("/api/v1/chat/").status_code == 403  # free plan


def test_free_user_needs_a_plan(auth_client):
    response = auth_client.post("/api/v1/chat/messages/", {"message": "hi"}, format="json")

    assert response.status_code == 403 and response.json()["error"]["code"] == "plan_required"


def test_get_chat_query_budget(coach_client, django_assert_max_num_queries):
    coach_client.post("/api/v1/chat/messages/", {"message": "hi"}, format="json")

    with django_assert_max_num_queries(3):
        assert coach_client.get("/api/v1/chat/").status_code == 200
