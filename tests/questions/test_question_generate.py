import pytest
from rest_framework.test import APIClient

from conftest import authenticate
from questions.models import Question
from tests.fakes.openai_server import http_error, ok_json
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/questions/generate/"


@pytest.fixture
def staff_client(staff_user):
    return authenticate(APIClient(), staff_user)


@pytest.fixture
def openai(settings, openai_server):
    """The real OpenAI provider, talking to the local fake API."""
    settings.AI_PROVIDER = "ai.providers.openai.OpenAIProvider"
    settings.OPENAI_API_KEY = "test"
    settings.OPENAI_BASE_URL = openai_server.base_url
    settings.AI_MAX_RETRIES = 0
    return openai_server


def _model_question(text, **fields):
    return {
        "text": text,
        "difficulty": 3,
        "tags": ["sql"],
        "key_points": ["indexes", "query plans"],
        "sample_answer": "I would read the query plan first.",
        "expected_duration_seconds": 120,
    } | fields


def test_free_plan_user_cannot_generate(auth_client):
    response = auth_client.post(URL, {"type": "technical", "level": "middle", "topic": "sql"})

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "plan_required"
    assert not Question.objects.exists()


def test_generation_needs_authentication(api_client):
    assert api_client.post(URL, {"type": "technical", "level": "middle", "topic": "sql"}).status_code == 401


def test_staff_generate_questions_saved_as_ai_generated(staff_client):
    QuestionFactory.create(level="middle", tags=["sql"], key_points=["indexes", "query plans", "statistics"])

    response = staff_client.post(URL, {"type": "technical", "level": "middle", "topic": "sql", "count": 3})

    assert response.status_code == 201
    results = response.json()["results"]
    assert len(results) == 3
    saved = Question.objects.filter(pk__in=[item["id"] for item in results])
    assert saved.count() == 3
    assert all(question.is_ai_generated and not question.is_follow_up for question in saved)
    assert {(question.type, question.level, question.language) for question in saved} == {("technical", "middle", "en")}
    assert "sample_answer" in results[0]


def test_generated_questions_join_the_bank_listing(staff_client, auth_client):
    assert auth_client.get("/api/v1/questions/?type=hr").json()["count"] == 0  # now cached
    created = staff_client.post(URL, {"type": "hr", "level": "junior", "job_title": "Data analyst", "count": 2})

    listed = auth_client.get("/api/v1/questions/?type=hr").json()

    assert {item["id"] for item in listed["results"]} == {item["id"] for item in created.json()["results"]}


def test_language_defaults_to_the_users_language(staff_user):
    staff_user.settings = {"language": "ru"}
    staff_user.save()

    response = authenticate(APIClient(), staff_user).post(
        URL, {"type": "technical", "level": "middle", "topic": "Python", "count": 1}
    )

    assert response.status_code == 201
    assert Question.objects.get(pk=response.json()["results"][0]["id"]).language == "ru"


def test_bank_questions_on_the_topic_are_sent_as_examples_and_to_avoid(staff_client, openai):
    QuestionFactory.create(level="middle", tags=["sql"], text="How do you find a slow query?")
    openai.enqueue("chat", ok_json({"questions": [_model_question("What does VACUUM do in PostgreSQL?")]}))

    staff_client.post(URL, {"type": "technical", "level": "middle", "topic": "SQL", "count": 1})

    (request,) = openai.requests
    assert "How do you find a slow query?" in str(request.body["messages"])


def test_questions_duplicating_the_bank_or_each_other_are_not_saved(staff_client, openai):
    QuestionFactory.create(level="junior", tags=["databases"], text="What is a database index, and when does it help?")
    openai.enqueue(
        "chat",
        ok_json(
            {
                "questions": [
                    _model_question("What is a database index -- and when does it help"),
                    _model_question("Explain isolation levels."),
                    _model_question("explain  ISOLATION levels!"),
                    _model_question("How would you shard a users table?"),
                ]
            }
        ),
    )

    response = staff_client.post(URL, {"type": "technical", "level": "senior", "topic": "sql", "count": 4})

    assert response.status_code == 201
    texts = {item["text"] for item in response.json()["results"]}
    assert texts == {"Explain isolation levels.", "How would you shard a users table?"}
    assert Question.objects.filter(is_ai_generated=True).count() == 2


def test_unavailable_ai_provider_is_a_503(staff_client, openai):
    openai.enqueue("chat", http_error(503))

    response = staff_client.post(URL, {"type": "technical", "level": "middle", "topic": "sql"})

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "technical", "level": "middle"}, "topic"),
        ({"type": "technical", "level": "middle", "topic": "  ", "job_title": ""}, "topic"),
        ({"type": "technical", "level": "middle", "topic": "sql", "count": 11}, "count"),
        ({"type": "technical", "level": "middle", "topic": "sql", "count": 0}, "count"),
        ({"type": "astrology", "level": "middle", "topic": "sql"}, "type"),
        ({"type": "technical", "level": "middle", "topic": "sql", "language": "de"}, "language"),
    ],
)
def test_invalid_generation_request_is_a_400_naming_the_field(staff_client, body, field):
    response = staff_client.post(URL, body)

    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_generation_is_rate_limited_per_user(staff_client, settings):
    settings.RATELIMIT_AI = {**settings.RATELIMIT_AI, "question_generation": "1/m"}
    body = {"type": "technical", "level": "middle", "topic": "sql", "count": 1}

    assert staff_client.post(URL, body).status_code == 201
    response = staff_client.post(URL, body)

    assert response.status_code == 429
    assert "Retry-After" in response
