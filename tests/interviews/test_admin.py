import pytest

from interviews.models import Answer, Interview
from tests.interviews.conftest import GOOD_ANSWER

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def scored_interview(user, bank):
    question = bank[0]
    interview = Interview.objects.create(user=user, type=question.type, level=question.level, overall_score=82)
    Answer.objects.create(interview=interview, user=user, question=question, text=GOOD_ANSWER)
    return interview


@pytest.mark.parametrize(
    "query",
    ["", "?status__exact=in_progress", "?type__exact=technical", "?score=high", "?score=none", "?q=ada@",
     "?started_at__year=2026"],
)  # fmt: skip
def test_interview_changelist_filters_and_searches(staff_client, scored_interview, query):
    response = staff_client.get(f"/admin/interviews/interview/{query}")

    assert response.status_code == 200


def test_score_filter_separates_bands(staff_client, scored_interview):
    high = staff_client.get("/admin/interviews/interview/?score=high").content.decode()
    low = staff_client.get("/admin/interviews/interview/?score=low").content.decode()

    assert f"/admin/interviews/interview/{scored_interview.pk}/change/" in high
    assert f"/admin/interviews/interview/{scored_interview.pk}/change/" not in low


def test_interview_and_answer_pages_open_for_staff(staff_client, scored_interview):
    answer = Answer.objects.get()

    assert staff_client.get(f"/admin/interviews/interview/{scored_interview.pk}/change/").status_code == 200
    assert staff_client.get("/admin/interviews/answer/?evaluation_status__exact=done").status_code == 200
    assert staff_client.get(f"/admin/interviews/answer/{answer.pk}/change/").status_code == 200


def test_reevaluate_action_runs_failed_evaluations_again(staff_client, scored_interview):
    answer = Answer.objects.get()
    Answer.objects.filter(pk=answer.pk).update(evaluation_status="failed", evaluation_error="provider_unavailable")

    staff_client.post("/admin/interviews/answer/", {"action": "reevaluate", "_selected_action": [str(answer.pk)]})

    answer.refresh_from_db()
    assert answer.evaluation_status == "done"
    assert answer.evaluation_error == ""


def test_interviews_are_closed_to_non_staff(client, user):
    client.force_login(user)

    assert client.get("/admin/interviews/interview/").status_code == 302
