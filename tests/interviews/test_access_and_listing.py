import pytest
from django.utils import timezone

from interviews.models import Interview, InterviewQuestion
from tests.interviews.conftest import GOOD_ANSWER, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(auth_client, bank):
    interview = start(auth_client, question_count=2).json()
    body = {"question_id": interview["questions"][0]["id"], "text": GOOD_ANSWER}
    auth_client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json")
    return interview


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("delete", ""), ("get", "answers/"), ("post", "answers/"), ("post", "complete/"), ("get", "result/")],
)
def test_another_users_interview_is_404(other_client, interview, method, suffix):
    response = getattr(other_client, method)(f"/api/v1/interviews/{interview['id']}/{suffix}", format="json")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/interviews/not-an-id/",
        "/api/v1/interviews/not-an-id/answers/",
        "/api/v1/interviews/not-an-id/result/",
        "/api/v1/interviews/665f1c2e9b1e8a3d4c5b6a79/",
    ],
)
def test_invalid_or_unknown_ids_are_404_not_500(auth_client, path):
    response = auth_client.get(path)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_invalid_answer_id_in_the_audio_path_is_404(auth_client, interview):
    response = auth_client.get(f"/api/v1/interviews/{interview['id']}/answers/nope/audio/")

    assert response.status_code == 404


def test_malformed_question_id_in_an_answer_is_400(auth_client, interview):
    response = auth_client.post(
        f"/api/v1/interviews/{interview['id']}/answers/", {"question_id": "nope", "text": "x"}, format="json"
    )

    assert response.status_code == 400
    assert "question_id" in response.json()["error"]["details"]


def test_result_before_completion_is_409_and_after_it_is_200(auth_client, interview):
    before = auth_client.get(f"/api/v1/interviews/{interview['id']}/result/")
    auth_client.post(f"/api/v1/interviews/{interview['id']}/complete/")
    after = auth_client.get(f"/api/v1/interviews/{interview['id']}/result/")

    assert before.status_code == 409
    assert before.json()["error"]["code"] == "interview_not_completed"
    assert after.status_code == 200
    assert [item["status"] for item in after.json()["per_question"]] == ["answered", "skipped"]


def test_result_is_202_pending_while_evaluations_run(auth_client, interview):
    Interview.objects.filter(pk=interview["id"]).update(status=Interview.Status.EVALUATING)

    response = auth_client.get(f"/api/v1/interviews/{interview['id']}/result/")

    assert response.status_code == 202
    assert response.json() == {"status": "pending"}


def test_delete_removes_the_interview_and_its_answers(auth_client, interview):
    response = auth_client.delete(f"/api/v1/interviews/{interview['id']}/")

    assert response.status_code == 204
    assert auth_client.get(f"/api/v1/interviews/{interview['id']}/").status_code == 404
    assert not Interview.objects.filter(pk=interview["id"]).exists()


def _interviews(user, count, status=Interview.Status.IN_PROGRESS):
    for _ in range(count):
        Interview.objects.create(
            user=user,
            type="technical",
            level="middle",
            status=status,
            started_at=timezone.now(),
            questions=[InterviewQuestion(question_id="665f1c2e9b1e8a3d4c5b6a79", order=1, text="Q?", type="technical")],
        )


@pytest.mark.parametrize("count", [1, 10])
def test_list_and_detail_use_a_constant_number_of_queries(auth_client, user, count, django_assert_max_num_queries):
    _interviews(user, count)
    newest = Interview.objects.filter(user=user).first()
    assert newest is not None

    with django_assert_max_num_queries(4):
        listing = auth_client.get("/api/v1/interviews/")
    with django_assert_max_num_queries(3):
        detail = auth_client.get(f"/api/v1/interviews/{newest.pk}/")

    assert listing.json()["count"] == count
    assert detail.status_code == 200


def test_list_filters_by_status_newest_first_and_shows_only_mine(auth_client, user, other_user):
    _interviews(user, 2)
    _interviews(user, 1, status=Interview.Status.COMPLETED)
    _interviews(other_user, 3)

    everything = auth_client.get("/api/v1/interviews/").json()
    completed = auth_client.get("/api/v1/interviews/?status=completed").json()

    assert everything["count"] == 3
    started = [item["started_at"] for item in everything["results"]]
    assert started == sorted(started, reverse=True)
    assert completed["count"] == 1 and completed["results"][0]["status"] == "completed"
    assert auth_client.get("/api/v1/interviews/?status=nonsense").status_code == 400


def test_interviews_need_authentication(api_client):
    assert api_client.get("/api/v1/interviews/").status_code == 401
    assert api_client.get("/api/v1/users/me/stats/").status_code == 401


def test_every_page_reports_the_total_and_a_list_on_one_page_skips_the_count(
    auth_client, user, django_assert_max_num_queries
):
    _interviews(user, 3)

    with django_assert_max_num_queries(2):  # the user behind the token, then the page
        whole = auth_client.get("/api/v1/interviews/").json()
    first = auth_client.get("/api/v1/interviews/?page_size=2").json()
    last = auth_client.get("/api/v1/interviews/?page_size=2&page=2").json()
    past = auth_client.get("/api/v1/interviews/?page_size=2&page=3")

    assert (whole["count"], first["count"], last["count"]) == (3, 3, 3)
    assert (whole["next"], last["next"]) == (None, None)
    assert first["next"] is not None
    assert past.status_code == 404
