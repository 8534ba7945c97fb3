"""Staff author coding questions in the admin; a reference that fails its tests is never saved."""

from __future__ import annotations

import json

import pytest

from questions.models import Question
from tests.coding.conftest import coding_row

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/questions/question/"


def _form(spec):
    return {
        "text": "Write two_sum(nums, target).",
        "slug": "two-sum-by-staff",
        "type": "coding",
        "level": "middle",
        "difficulty": "2",
        "language": "en",
        "tags": "arrays",
        "is_active": "on",
        "key_points": "",
        "sample_answer": "",
        "expected_duration_seconds": "900",
        "coding": json.dumps(spec),
    }


def test_a_coding_question_whose_references_pass_is_saved(admin_client):
    response = admin_client.post(f"{CHANGELIST}add/", _form(coding_row("code-two-sum")["coding"]))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Question.objects.get(slug="two-sum-by-staff").coding["function"]["python"] == "two_sum"


def test_saving_a_coding_question_whose_reference_fails_is_refused_with_the_reason(admin_client):
    spec = coding_row("code-two-sum")["coding"]
    spec["reference"]["javascript"] = "function twoSum(nums, target) { return [0, 1]; }"
    response = admin_client.post(f"{CHANGELIST}add/", _form(spec))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The javascript reference solution does not pass: failed at example 2." in page
    assert not Question.objects.filter(slug="two-sum-by-staff").exists()


def test_a_malformed_spec_is_refused_before_anything_runs(admin_client):
    response = admin_client.post(f"{CHANGELIST}add/", _form({"function": "two_sum"}))
    assert response.status_code == 200
    assert "must give a text for each of: python, javascript" in response.content.decode()


def test_the_reference_action_reports_each_question(admin_client, two_sum):
    broken = Question(**{**coding_row("code-fizzbuzz"), "slug": "broken-fizzbuzz"})
    broken.coding["tests"][0]["expected"] = ["wrong"]
    broken.save()
    data = {"action": "check_references", "_selected_action": [str(two_sum.pk), str(broken.pk)]}
    response = admin_client.post(CHANGELIST, data, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert "code-two-sum: every reference passes." in shown
    assert any(
        text.startswith("broken-fizzbuzz: The python reference solution does not pass: failed at hidden test 1")
        for text in shown
    )
