"""Cached question bank responses: every kind of bank change shows at once, and
staff and users each get their own shape."""

import pytest
from rest_framework.test import APIClient

from conftest import authenticate
from questions import services
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/questions/"


@pytest.fixture
def staff_client(staff_user):
    return authenticate(APIClient(), staff_user)


def _texts(client, url=LIST):
    return {item["text"] for item in client.get(url).json()["results"]}


def test_an_edited_question_shows_in_a_list_and_detail_already_served(auth_client):
    question = QuestionFactory.create(text="What is a closure?")
    detail = f"{LIST}{question.pk}/"
    assert _texts(auth_client) == {"What is a closure?"}
    assert auth_client.get(detail).json()["text"] == "What is a closure?"

    question.text = "What is a closure in Python?"
    question.save()

    assert _texts(auth_client) == {"What is a closure in Python?"}
    assert auth_client.get(detail).json()["text"] == "What is a closure in Python?"


def test_a_deleted_question_leaves_a_list_and_detail_already_served(auth_client):
    question = QuestionFactory.create()
    detail = f"{LIST}{question.pk}/"
    assert auth_client.get(LIST).json()["count"] == 1
    assert auth_client.get(detail).status_code == 200

    question.delete()

    assert auth_client.get(LIST).json()["count"] == 0
    assert auth_client.get(detail).status_code == 404


def test_bulk_deactivation_and_activation_show_at_once(auth_client):
    questions = QuestionFactory.create_batch(2)
    detail = f"{LIST}{questions[0].pk}/"
    assert auth_client.get(LIST).json()["count"] == 2
    assert auth_client.get(detail).status_code == 200

    services.questions_set_active(question_ids=[question.pk for question in questions], active=False)

    assert auth_client.get(LIST).json()["count"] == 0
    assert auth_client.get(detail).status_code == 404

    services.questions_set_active(question_ids=[questions[0].pk], active=True)

    assert auth_client.get(LIST).json()["count"] == 1


def test_imported_questions_join_a_list_already_served(auth_client):
    assert auth_client.get(f"{LIST}?type=technical").json()["count"] == 0
    row = {"slug": "imported-closure", "type": "technical", "level": "junior", "difficulty": 2,
           "text": "What is a closure?", "tags": ["python"], "key_points": ["captures variables"]}  # fmt: skip

    services.questions_import(rows=[row])

    assert _texts(auth_client, f"{LIST}?type=technical") == {"What is a closure?"}


def test_staff_and_users_never_get_each_others_cached_shape(auth_client, staff_client):
    question = QuestionFactory.create(sample_answer="Use a generator.")
    QuestionFactory.create(is_active=False)
    detail = f"{LIST}{question.pk}/"

    staff_page, staff_detail = staff_client.get(LIST).json(), staff_client.get(detail).json()
    user_page, user_detail = auth_client.get(LIST).json(), auth_client.get(detail).json()

    assert staff_page["count"] == 2
    assert "Use a generator." in {item["sample_answer"] for item in staff_page["results"]}
    assert staff_detail["sample_answer"] == "Use a generator."
    assert user_page["count"] == 1
    assert all("sample_answer" not in item for item in user_page["results"])
    assert "sample_answer" not in user_detail


def test_filters_and_pages_are_cached_apart(auth_client):
    QuestionFactory.create(type="technical", text="Explain Python generators.")
    QuestionFactory.create(type="behavioral", text="Tell me about a conflict at work.")

    assert _texts(auth_client, f"{LIST}?type=technical") == {"Explain Python generators."}
    assert _texts(auth_client, f"{LIST}?type=behavioral") == {"Tell me about a conflict at work."}
    assert len(auth_client.get(f"{LIST}?page_size=1").json()["results"]) == 1
    assert auth_client.get(f"{LIST}?page_size=1&page=2").json()["previous"] is not None


def test_a_repeated_list_needs_no_database_query_but_authentication(auth_client, django_assert_max_num_queries):
    QuestionFactory.create_batch(3)
    auth_client.get(LIST)

    with django_assert_max_num_queries(1):  # the user behind the token
        response = auth_client.get(LIST)

    assert response.json()["count"] == 3
