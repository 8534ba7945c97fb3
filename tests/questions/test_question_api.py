import pytest
from rest_framework.test import APIClient

from conftest import authenticate
from questions.models import Question
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db

PUBLIC_FIELDS = {"id", "type", "level", "difficulty", "text", "tags", "expected_duration_seconds", "code"}


@pytest.fixture
def staff_client(staff_user):
    return authenticate(APIClient(), staff_user)


@pytest.fixture
def small_bank():
    QuestionFactory.create(
        type="technical", level="junior", difficulty=2, tags=["python"], text="Explain Python generators."
    )
    QuestionFactory.create(
        type="technical",
        level="senior",
        difficulty=5,
        tags=["sql", "databases"],
        text="How do you tune a slow SQL query?",
    )
    QuestionFactory.create(
        type="behavioral",
        level="middle",
        difficulty=3,
        tags=["communication"],
        text="Tell me about a conflict at work.",
    )
    QuestionFactory.create(language="ru", tags=["python"], text="Что такое GIL в Python?")


def _texts(response):
    assert response.status_code == 200, response.json()
    return {item["text"] for item in response.json()["results"]}


def test_list_is_a_page_of_active_bank_questions_with_public_fields(auth_client):
    visible = QuestionFactory.create_batch(3)
    QuestionFactory.create(is_active=False)
    QuestionFactory.create(is_follow_up=True, is_ai_generated=True)

    response = auth_client.get("/api/v1/questions/")

    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3
    assert {item["id"] for item in body["results"]} == {str(question.pk) for question in visible}
    assert all(set(item) == PUBLIC_FIELDS for item in body["results"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=behavioral", {"Tell me about a conflict at work."}),
        ("level=senior", {"How do you tune a slow SQL query?"}),
        ("difficulty=2", {"Explain Python generators."}),
        ("tags=sql,communication", {"How do you tune a slow SQL query?", "Tell me about a conflict at work."}),
        ("tags=Python", {"Explain Python generators.", "Что такое GIL в Python?"}),
        ("search=SLOW sql", {"How do you tune a slow SQL query?"}),
        ("language=ru", {"Что такое GIL в Python?"}),
        ("type=technical&level=junior&tags=python", {"Explain Python generators."}),
    ],
)
def test_list_filters_narrow_the_results(auth_client, small_bank, query, expected):
    assert _texts(auth_client.get(f"/api/v1/questions/?{query}")) == expected


@pytest.mark.parametrize("query", ["type=astrology", "level=guru", "difficulty=6", "difficulty=hard"])
def test_invalid_filter_value_is_a_400_naming_the_parameter(auth_client, query):
    response = auth_client.get(f"/api/v1/questions/?{query}")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert query.split("=")[0] in response.json()["error"]["details"]


def test_page_size_is_capped_at_100(auth_client):
    Question.objects.bulk_create(QuestionFactory.build_batch(105))

    response = auth_client.get("/api/v1/questions/?page_size=500")

    body = response.json()
    assert body["count"] == 105
    assert len(body["results"]) == 100
    assert body["next"] is not None


def test_list_needs_authentication(api_client):
    response = api_client.get("/api/v1/questions/")

    assert response.status_code == 401


def test_staff_see_sample_answers_key_points_and_inactive_questions(staff_client, auth_client):
    QuestionFactory.create(sample_answer="Use a generator.", key_points=["lazy evaluation"])
    QuestionFactory.create(is_active=False)

    staff_page = staff_client.get("/api/v1/questions/").json()
    user_page = auth_client.get("/api/v1/questions/").json()

    assert staff_page["count"] == 2
    assert {"sample_answer", "key_points", "is_active"} <= set(staff_page["results"][0])
    assert "Use a generator." in {item["sample_answer"] for item in staff_page["results"]}
    assert user_page["count"] == 1
    assert "sample_answer" not in user_page["results"][0]
    assert "key_points" not in user_page["results"][0]


def test_detail_returns_the_question(auth_client, staff_client):
    question = QuestionFactory.create(sample_answer="Use a generator.")

    response = auth_client.get(f"/api/v1/questions/{question.pk}/")
    staff_response = staff_client.get(f"/api/v1/questions/{question.pk}/")

    assert response.status_code == 200
    assert response.json()["text"] == question.text
    assert set(response.json()) == PUBLIC_FIELDS
    assert staff_response.json()["sample_answer"] == "Use a generator."


@pytest.mark.parametrize("question_id", ["665f1c2e9b1e8a3d4c5b6a79", "nope", "zzzzzzzzzzzzzzzzzzzzzzzz", "1" * 25])
def test_detail_of_unknown_or_malformed_id_is_a_404(auth_client, question_id):
    response = auth_client.get(f"/api/v1/questions/{question_id}/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_inactive_question_is_hidden_from_users_but_not_staff(auth_client, staff_client):
    question = QuestionFactory.create(is_active=False)

    assert auth_client.get(f"/api/v1/questions/{question.pk}/").status_code == 404
    assert staff_client.get(f"/api/v1/questions/{question.pk}/").status_code == 200


def test_follow_up_question_is_served_by_id_but_not_listed(auth_client):
    follow_up = QuestionFactory.create(is_follow_up=True, is_ai_generated=True)

    assert auth_client.get(f"/api/v1/questions/{follow_up.pk}/").status_code == 200
    assert auth_client.get("/api/v1/questions/").json()["count"] == 0


def test_list_query_count_does_not_grow_with_the_number_of_questions(auth_client, django_assert_max_num_queries):
    QuestionFactory.create_batch(5)
    with django_assert_max_num_queries(3):
        small = auth_client.get("/api/v1/questions/?page_size=100")

    QuestionFactory.create_batch(45)
    with django_assert_max_num_queries(3):
        large = auth_client.get("/api/v1/questions/?page_size=100")

    assert len(small.json()["results"]) == 5
    assert len(large.json()["results"]) == 50
