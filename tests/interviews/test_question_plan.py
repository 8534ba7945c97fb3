"""The question plan: a job's requirements choose the questions, and each says why."""

import pytest

from questions.models import Question
from tests.fakes.openai_server import ok_json
from tests.interviews.conftest import start
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db

JOB = (
    "We are hiring a senior backend engineer to build payment APIs in Go on Kubernetes, "
    "with PostgreSQL for storage and Redis for caching."
)


@pytest.fixture
def mixed_bank(db):
    """Generic questions that outnumber the few about the job's technologies."""
    generic = [QuestionFactory.create(tags=["communication"], level="senior") for _ in range(10)]
    about = {
        "Go": QuestionFactory.create(
            text="How do goroutines and channels differ from threads in Go?", tags=["go"], level="senior"
        ),
        "Kubernetes": QuestionFactory.create(
            text="How does a Deployment roll out a new version?", tags=["kubernetes"], level="senior"
        ),
        "PostgreSQL": QuestionFactory.create(
            text="When would you add an index in PostgreSQL?", tags=["postgresql"], level="senior"
        ),
        "Redis": QuestionFactory.create(
            text="How would you use Redis as a cache without stale reads?", tags=["caching"], level="senior"
        ),
    }
    behavioral = [
        QuestionFactory.create(type=Question.Type.BEHAVIORAL, tags=["teamwork"], level="senior") for _ in range(4)
    ]
    return generic, about, behavioral


def test_a_job_naming_technologies_gets_questions_about_them_with_reasons(auth_client, mixed_bank):
    _generic, about, _behavioral = mixed_bank

    response = start(
        auth_client, level="senior", job_title="Senior Backend Engineer", job_description=JOB, question_count=4
    )

    assert response.status_code == 201
    body = response.json()
    asked = {question["id"]: question for question in body["questions"]}
    assert set(asked) == {str(question.pk) for question in about.values()}
    reasons = {asked[str(question.pk)]["reason"] for question in about.values()}
    assert all(reason.startswith("Covers ") for reason in reasons)
    assert any("Kubernetes" in reason for reason in reasons)
    assert body["requirements"]["seniority"] == "senior"
    assert {"Go", "Kubernetes", "PostgreSQL", "Redis"} <= set(body["requirements"]["skills"])
    assert body["requirements"]["provider"] == "offline"


def test_the_requested_mix_of_types_is_kept(auth_client, mixed_bank):
    body = {"level": "senior", "job_description": JOB, "type_mix": {"technical": 3, "behavioral": 2}}
    response = auth_client.post("/api/v1/interviews/", body, format="json")

    assert response.status_code == 201
    types = [question["type"] for question in response.json()["questions"]]
    assert sorted(types) == ["behavioral", "behavioral", "technical", "technical", "technical"]


def test_unknown_type_in_the_mix_is_400(auth_client, mixed_bank):
    response = start(auth_client, type_mix={"wizardry": 2})

    assert response.status_code == 400
    assert "type_mix" in response.json()["error"]["details"]


def test_reasons_are_written_in_the_users_language(auth_client, user, mixed_bank):
    user.settings = {"language": "ru"}
    user.save()

    response = start(auth_client, level="senior", job_description=JOB, question_count=4)

    reasons = [question["reason"] for question in response.json()["questions"]]
    assert all(reason.startswith("Охватывает") for reason in reasons), reasons


def test_openai_reads_the_job_through_structured_output(auth_client, settings, openai_server, mixed_bank):
    settings.AI_PROVIDER = "ai.providers.openai.OpenAIProvider"
    settings.OPENAI_API_KEY = "test"
    settings.OPENAI_BASE_URL = openai_server.base_url
    settings.AI_MAX_RETRIES = 0
    openai_server.enqueue(
        "chat",
        ok_json({"skills": ["golang", "k8s", "Quantum Widgets"], "seniority": "senior", "domain": "backend developer"}),
    )

    response = start(auth_client, level="senior", job_description="Build payment services.", question_count=2)

    assert response.status_code == 201
    requirements = response.json()["requirements"]
    assert requirements["skills"] == ["Go", "Kubernetes", "Quantum Widgets"]
    assert (requirements["domain"], requirements["provider"]) == ("backend developer", "openai")
    request = openai_server.requests[0].body
    assert request["response_format"]["json_schema"]["name"] == "job_requirements"
    assert "Build payment services." in request["messages"][1]["content"]


def test_an_unavailable_provider_falls_back_to_the_offline_reading(auth_client, settings, openai_server, mixed_bank):
    from tests.fakes.openai_server import http_error

    settings.AI_PROVIDER = "ai.providers.openai.OpenAIProvider"
    settings.OPENAI_API_KEY = "test"
    settings.OPENAI_BASE_URL = openai_server.base_url
    settings.AI_MAX_RETRIES = 0
    openai_server.default_chat = lambda request: http_error(500)

    response = start(auth_client, level="senior", job_description=JOB, question_count=4)

    assert response.status_code == 201
    assert response.json()["requirements"]["provider"] == "offline"
    assert "Go" in response.json()["requirements"]["skills"]
