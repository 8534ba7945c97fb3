"""A Russian-speaking user gets Russian error messages, emails and AI feedback end to end."""

import pytest
from django.core import mail

from conftest import authenticate, make_user
from tests.interviews.conftest import start

pytestmark = pytest.mark.django_db


def test_error_messages_follow_accept_language_before_sign_in(api_client):
    response = api_client.post(
        "/api/v1/auth/login/", {"email": "x@example.com", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="ru"
    )

    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Неверный email или пароль."
    assert response.json()["error"]["code"] == "invalid_credentials"  # codes stay stable for clients


def test_a_signed_in_users_language_setting_wins_over_the_header(api_client):
    russian = authenticate(api_client, make_user("ivan@example.com", name="Иван", settings={"language": "ru"}))

    response = russian.patch("/api/v1/users/me/", {"experience_level": "wizard"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Некорректные данные."
    assert "допустимых" in response.json()["error"]["details"]["experience_level"][0]


def test_registration_in_russian_sends_the_verification_email_in_russian(api_client):
    api_client.post(
        "/api/v1/auth/register/",
        {"email": "olga@example.com", "password": "надёжный-пароль-2026", "name": "Ольга"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    [message] = mail.outbox
    assert message.subject == "Подтвердите email для InterviewPrep"
    assert "Подтвердите адрес" in message.body


def test_ai_feedback_is_written_in_the_users_language(api_client, bank):
    russian = authenticate(api_client, make_user("ivan@example.com", name="Иван", settings={"language": "ru"}))
    interview = start(russian, question_count=1).json()
    question_id = interview["questions"][0]["id"]

    russian.post(f"/api/v1/interviews/{interview['id']}/answers/", {"question_id": question_id, "text": "ок"})

    [answer] = russian.get(f"/api/v1/interviews/{interview['id']}/answers/").json()
    assert answer["evaluation"]["feedback"].startswith("Ответ пустой или слишком короткий для оценки.")
