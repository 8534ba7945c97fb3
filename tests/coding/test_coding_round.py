"""The coding round over HTTP: read a coding question, run code on its examples, submit, get graded."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from conftest import authenticate, make_user
from interviews.models import Answer
from tests.coding.conftest import coding_question, coding_row
from tests.fakes.openai_server import ok_json
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db

SPEC = coding_row("code-two-sum")["coding"]
REFERENCE = SPEC["reference"]["python"]
# Skips negative numbers: the visible examples pass, the second hidden test (all negative) fails.
BUGGY = (
    "def two_sum(nums, target):\n    seen = {}\n    for j, n in enumerate(nums):\n        if n < 0:\n"
    "            continue\n        if target - n in seen:\n            return [seen[target - n], j]\n"
    "        seen[n] = j\n    return []\n"
)


def _question_id(interview):
    return interview["questions"][0]["id"]


def _run(client, interview, code, language="python"):
    body = {"question_id": _question_id(interview), "language": language, "code": code}
    return client.post(f"/api/v1/interviews/{interview['id']}/run/", body, format="json")


def _submit(client, interview, code, language="python"):
    body = {"question_id": _question_id(interview), "language": language, "code": code}
    return client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json")


def test_candidates_see_starters_and_examples_but_not_hidden_tests_or_references(auth_client, coding_interview):
    question = auth_client.get(f"/api/v1/questions/{_question_id(coding_interview)}/").json()
    code = question["code"]
    assert code["starter_code"]["javascript"].startswith("function twoSum(nums, target)")
    assert code["signature"]["python"] == "def two_sum(nums, target)"
    assert code["languages"] == ["python", "javascript"]
    assert code["examples"][1] == {"input": [[3, 2, 4], 6], "expected": [1, 2]}
    assert code["hidden_tests"] == len(SPEC["tests"])
    assert "tests" not in code and "reference_solutions" not in code
    assert "19997" not in json.dumps(question)  # a hidden test's target


def test_staff_see_the_hidden_tests_and_references(staff_user, api_client, coding_interview):
    question = authenticate(api_client, staff_user).get(f"/api/v1/questions/{_question_id(coding_interview)}/").json()
    assert question["code"]["reference_solutions"]["python"] == REFERENCE
    assert [case["input"] for case in question["code"]["tests"]] == [case["args"] for case in SPEC["tests"]]


@pytest.mark.parametrize("language", ["python", "javascript"])
def test_running_the_reference_shows_each_example_passing(auth_client, coding_interview, language):
    response = _run(auth_client, coding_interview, SPEC["reference"][language], language)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["verdict"] == "passed"
    assert (body["passed"], body["total"]) == (2, 2)
    assert [case["output"] for case in body["cases"]] == [[0, 1], [1, 2]]
    assert body["memory_kb"] > 0


def test_running_shows_the_first_failing_example_and_what_the_code_printed(auth_client, coding_interview):
    code = "def two_sum(nums, target):\n    print('looking at', nums)\n    return [0, 1]\n"
    body = _run(auth_client, coding_interview, code).json()
    assert body["verdict"] == "failed"
    assert body["first_failure"] == 1
    assert body["cases"][1] | {"runtime_ms": 0} == {
        "index": 1,
        "input": [[3, 2, 4], 6],
        "expected": [1, 2],
        "output": [0, 1],
        "passed": False,
        "error": "",
        "runtime_ms": 0,
    }
    assert "looking at [3, 2, 4]" in body["stdout"]


def test_a_bug_the_examples_miss_passes_the_run(auth_client, coding_interview):
    assert _run(auth_client, coding_interview, BUGGY).json()["verdict"] == "passed"


def test_running_code_that_raises_is_a_runtime_error_naming_the_exception(auth_client, coding_interview):
    body = _run(auth_client, coding_interview, "def two_sum(nums, target):\n    return nums[99]\n").json()
    assert body["verdict"] == "runtime_error"
    assert body["cases"][0]["error"].startswith("IndexError")


def test_runs_are_rate_limited_per_user(auth_client, coding_interview, settings):
    settings.RATELIMIT_CODE_RUN_PER_USER = "2/m"
    assert [_run(auth_client, coding_interview, REFERENCE).status_code for _ in range(3)] == [200, 200, 429]


def test_another_users_interview_cannot_be_run(other_client, coding_interview):
    assert _run(other_client, coding_interview, REFERENCE).status_code == 404


def test_the_reference_passes_every_hidden_test_and_scores_high(auth_client, coding_interview):
    response = _submit(auth_client, coding_interview, REFERENCE)
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["evaluation_status"] == "done"
    tests = answer["evaluation"]["tests"]
    assert tests["verdict"] == "passed"
    assert tests["passed"] == tests["total"] == len(SPEC["tests"])
    assert tests["memory_kb"] > 0 and tests["runtime_ms"] >= 0
    assert answer["score"] >= 85
    assert answer["evaluation"]["feedback"].startswith("Hidden tests passed: 5 of 5")


def test_the_starter_code_fails_and_scores_low(auth_client, coding_interview):
    answer = _submit(auth_client, coding_interview, SPEC["starter"]["javascript"], "javascript").json()
    assert answer["evaluation"]["tests"]["verdict"] == "failed"
    assert answer["evaluation"]["tests"]["passed"] == 0
    assert answer["score"] <= 10


def test_a_bug_fails_the_right_hidden_test_without_revealing_its_input(auth_client, coding_interview):
    answer = _submit(auth_client, coding_interview, BUGGY).json()
    result = answer["evaluation"]["tests"]
    assert result["verdict"] == "failed"
    assert result["first_failure"] == 1
    assert result["passed"] == len(SPEC["tests"]) - 1
    assert "Hidden test 2: wrong answer." in answer["evaluation"]["improvements"]
    assert "-4, -5" not in json.dumps(answer)
    assert 40 < answer["score"] < 85


def test_the_model_reviews_the_code_without_seeing_hidden_inputs(
    auth_client, coding_interview, settings, openai_server
):
    settings.AI_PROVIDER = "ai.providers.openai.OpenAIProvider"
    settings.OPENAI_API_KEY = "test"
    settings.OPENAI_BASE_URL = openai_server.base_url
    review = {"score": 90, "strengths": ["Linear time with a hash map."], "improvements": [], "feedback": "Clean."}
    openai_server.enqueue("chat", ok_json(review))
    answer = _submit(auth_client, coding_interview, BUGGY).json()
    assert answer["evaluation"]["provider"] == "openai"
    assert answer["evaluation"]["strengths"] == ["Linear time with a hash map."]
    sent = json.dumps(openai_server.requests[-1].body)
    assert "two_sum" in sent and "Hidden tests passed: 4 of 5" in sent
    assert "19997" not in sent and "-4, -5" not in sent


def test_a_coding_interview_asks_questions_answered_with_code(auth_client, two_sum):
    QuestionFactory.create_batch(5, type="coding", level="middle")  # prose coding questions

    interview = auth_client.post(
        "/api/v1/interviews/", {"type": "coding", "level": "middle", "question_count": 1}, format="json"
    ).json()

    asked = interview["questions"][0]["id"]
    assert asked == str(two_sum.pk)
    assert auth_client.get(f"/api/v1/questions/{asked}/").json()["code"]["starter_code"]["python"]


def test_a_coding_question_takes_code_not_prose(auth_client, coding_interview):
    body = {"question_id": _question_id(coding_interview), "text": "I would use a hash map."}
    response = auth_client.post(f"/api/v1/interviews/{coding_interview['id']}/answers/", body, format="json")
    assert response.status_code == 400
    assert "code" in response.json()["error"]["details"]
    assert not Answer.objects.exists()


def test_an_unsupported_language_is_refused(auth_client, coding_interview):
    response = _submit(auth_client, coding_interview, "fn main() {}", language="rust")
    assert response.status_code == 400
    assert "language" in response.json()["error"]["details"]


def test_the_result_shows_tests_passed_runtime_and_memory(auth_client, coding_interview):
    _submit(auth_client, coding_interview, REFERENCE)
    assert auth_client.post(f"/api/v1/interviews/{coding_interview['id']}/complete/").status_code == 202
    result = auth_client.get(f"/api/v1/interviews/{coding_interview['id']}/result/").json()
    tests = result["per_question"][0]["tests"]
    assert (tests["passed"], tests["total"]) == (5, 5)
    assert tests["runtime_ms"] >= 0 and tests["memory_kb"] > 0


def test_the_report_shows_the_code_and_its_tests(auth_client, coding_interview):
    _submit(auth_client, coding_interview, REFERENCE)
    auth_client.post(f"/api/v1/interviews/{coding_interview['id']}/complete/")

    report = auth_client.get(f"/api/v1/interviews/{coding_interview['id']}/report/")

    assert report.status_code == 200 and report["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.content)).pages).split())
    assert "Tests: 5 of 5 passed in" in text and "KB of memory" in text
    assert "def two_sum" in text


def test_a_russian_speaker_gets_the_coding_question_and_its_feedback_in_russian(api_client, db):
    coding_question("code-two-sum-ru")
    russian = authenticate(api_client, make_user("ivan@example.com", name="Иван", settings={"language": "ru"}))
    interview = russian.post(
        "/api/v1/interviews/", {"type": "coding", "level": "middle", "question_count": 1}, format="json"
    ).json()
    assert interview["questions"][0]["text"].startswith("Напишите two_sum(nums, target)")
    answer = _submit(russian, interview, BUGGY).json()
    assert answer["evaluation"]["feedback"].startswith("Скрытых тестов пройдено: 4 из 5")
    assert "Скрытый тест 2: неверный ответ." in answer["evaluation"]["improvements"]
