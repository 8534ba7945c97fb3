"""A Russian-speaking user gets Russian error messages, emails and AI feedback end to end."""

import pytest
from django.core import mail
from django.utils import translation

from conftest import authenticate, make_user
from interviews.models import Interview
from interviews.services import result_compile
from questions.models import Question
from questions.services import question_bank_seed
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


def _russian_interview_answered(client):
    """A Russian user's two-question interview from the real bank, each answered with its sample answer."""
    question_bank_seed()
    interview = start(client, type="technical", level="junior", question_count=2).json()
    for item in interview["questions"]:
        question = Question.objects.get(pk=item["id"])
        assert question.language == "ru"
        body = {"question_id": item["id"], "text": question.sample_answer}
        assert client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json").status_code == 201
    return interview


def _is_russian(text):
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and sum("а" <= char.lower() <= "я" or char in "ёЁ" for char in letters) / len(letters) > 0.6


def test_a_russian_interview_end_to_end_gets_a_russian_result(api_client):
    russian = authenticate(api_client, make_user("ivan@example.com", name="Иван", settings={"language": "ru"}))
    interview = _russian_interview_answered(russian)

    assert russian.post(f"/api/v1/interviews/{interview['id']}/complete/").status_code == 202
    result = russian.get(f"/api/v1/interviews/{interview['id']}/result/").json()

    assert result["summary"].startswith("Отвечено вопросов: 2 из ")
    assert "Лучше всего: " in result["summary"] and "Над чем поработать: " in result["summary"]
    assert result["strengths"] and all(_is_russian(point) for point in result["strengths"])
    assert all(_is_russian(point) for point in result["improvements"])
    answered = [item for item in result["per_question"] if item["answer_id"]]  # not an unasked follow-up
    assert len(answered) == 2 and all(_is_russian(item["feedback"]) for item in answered)


def test_a_result_compiled_outside_a_request_is_in_the_candidates_language(api_client):
    russian = authenticate(api_client, make_user("ivan@example.com", name="Иван", settings={"language": "ru"}))
    interview = _russian_interview_answered(russian)
    Interview.objects.filter(pk=interview["id"]).update(status=Interview.Status.EVALUATING)

    with translation.override("en"):  # a worker runs with the default language
        assert result_compile(interview_id=interview["id"])

    summary = Interview.objects.get(pk=interview["id"]).result["summary"]
    assert summary.startswith("Отвечено вопросов: 2 из ")
    assert "technical" not in summary and "clarity" not in summary
