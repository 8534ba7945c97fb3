from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import connections
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_user
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


def _listed(staff_client, path, objects):
    page = staff_client.get(path).content.decode()
    return {obj.pk for obj in objects if f"/{obj.pk}/change/" in page}


def test_search_by_owner_email_lists_only_their_interviews_and_answers(staff_client, user, other_user, bank):
    mine = Interview.objects.create(user=user, type="technical", level="middle")
    theirs = Interview.objects.create(user=other_user, type="technical", level="middle")
    my_answer = Answer.objects.create(interview=mine, user=user, question=bank[0], text=GOOD_ANSWER)
    their_answer = Answer.objects.create(interview=theirs, user=other_user, question=bank[0], text=GOOD_ANSWER)

    assert _listed(staff_client, "/admin/interviews/interview/?q=ADA@", [mine, theirs]) == {mine.pk}
    assert _listed(staff_client, "/admin/interviews/interview/?q=grace example", [mine, theirs]) == {theirs.pk}
    assert _listed(staff_client, "/admin/interviews/interview/?q=nobody@", [mine, theirs]) == set()
    assert _listed(staff_client, "/admin/interviews/answer/?q=grace@", [my_answer, their_answer]) == {their_answer.pk}


def test_started_date_filter_lists_recent_interviews(staff_client, user):
    recent = Interview.objects.create(user=user, type="technical", level="middle")
    old = Interview.objects.create(
        user=user, type="technical", level="middle", started_at=timezone.now() - timedelta(days=40)
    )
    since = urlencode({"started_at__gte": timezone.now() - timedelta(days=7)})

    assert _listed(staff_client, f"/admin/interviews/interview/?{since}", [recent, old]) == {recent.pk}


def test_changelists_query_count_does_not_grow_with_rows(staff_client, bank, django_assert_max_num_queries):
    for n in range(12):
        owner = make_user(f"candidate{n}@example.com")
        interview = Interview.objects.create(user=owner, type="technical", level="middle", overall_score=70)
        Answer.objects.create(interview=interview, user=owner, question=bank[n], text=GOOD_ANSWER)

    # Session, user, the page, its count, one query per related model shown: not one per row.
    with django_assert_max_num_queries(8):
        page = staff_client.get("/admin/interviews/interview/")
    with django_assert_max_num_queries(8):
        answers = staff_client.get("/admin/interviews/answer/")

    assert page.content.decode().count("candidate") >= 12
    assert answers.content.decode().count("candidate") >= 12


@pytest.mark.parametrize("path", ["/admin/interviews/interview/", "/admin/interviews/answer/"])
def test_changelists_load_the_rows_owners_and_questions_by_id(staff_client, bank, path):
    owner = make_user("candidate@example.com")
    interview = Interview.objects.create(user=owner, type="technical", level="middle")
    Answer.objects.create(interview=interview, user=owner, question=bank[0], text=GOOD_ANSWER)

    with CaptureQueriesContext(connections["default"]) as queries:
        page = staff_client.get(path).content.decode()

    # An `$expr` over `_id` (what Django's prefetch_related sends) is served by no index: a scan per page.
    related_reads = [q["sql"] for q in queries if q["sql"].startswith(("db.accounts_user.", "db.questions_question."))]
    assert related_reads and not [sql for sql in related_reads if "'$expr'" in sql]
    assert "candidate@example.com" in page


@pytest.mark.parametrize("path", ["/admin/interviews/interview/", "/admin/interviews/answer/"])
def test_growing_lists_open_on_the_last_30_days_with_all_time_one_click_away(staff_client, user, bank, path):
    long_ago = timezone.now() - timedelta(days=40)
    recent = Interview.objects.create(user=user, type="technical", level="middle")
    old = Interview.objects.create(user=user, type="technical", level="middle", started_at=long_ago)
    recent_answer = Answer.objects.create(interview=recent, user=user, question=bank[0], text=GOOD_ANSWER)
    old_answer = Answer.objects.create(
        interview=old, user=user, question=bank[1], text=GOOD_ANSWER, created_at=long_ago
    )
    rows: list[Model] = [recent, old] if path.endswith("interview/") else [recent_answer, old_answer]

    page = staff_client.get(path).content.decode()

    assert _listed(staff_client, path, rows) == {rows[0].pk}
    assert 'class="selected"' in page and "Last 30 days" in page
    assert "?period=all" in page  # the "All time" link
    assert _listed(staff_client, f"{path}?period=all", rows) == {rows[0].pk, rows[1].pk}
    assert _listed(staff_client, f"{path}?period=365", rows) == {rows[0].pk, rows[1].pk}
    assert _listed(staff_client, f"{path}?period=7", rows) == {rows[0].pk}


def test_counts_stop_at_the_cap_and_say_so(staff_client, user, monkeypatch):
    monkeypatch.setattr("accounts.admin_lists.COUNT_CAP", 3)
    for _ in range(5):
        Interview.objects.create(user=user, type="technical", level="middle")

    capped = staff_client.get("/admin/interviews/interview/").content.decode()
    exact = staff_client.get("/admin/interviews/interview/?status__exact=in_progress&type__exact=hr").content.decode()

    assert "3+ interviews" in capped
    assert "0 interviews" in exact
