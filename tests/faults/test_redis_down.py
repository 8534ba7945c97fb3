"""Redis (cache, rate-limit counters, Celery broker) stops answering and comes back, behind
a fault-injection proxy: requests are still served from the databases, sign-in and password
reset refuse rather than go unmetered, and no queued work is lost."""

from datetime import timedelta

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from conftest import PASSWORD, authenticate
from interviewprep.celery import app
from interviews.models import Answer
from interviews.services import evaluations_requeue_idle
from interviews.services.evaluation import STALE_EVALUATION
from kernel.models import OutboxTask
from kernel.outbox import outbox_flush
from tests.interviews.conftest import GOOD_ANSWER, start
from tests.workers import wait_for

pytestmark = pytest.mark.django_db

NEWCOMER = {"email": "newcomer@example.com", "password": "a-long-new-password-42", "name": "New Comer"}


def _answer(client, interview):
    body = {"question_id": interview["questions"][0]["id"], "text": GOOD_ANSWER}
    return client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json")


def _evaluated(answer):
    return lambda: Answer.objects.get(pk=answer.pk).evaluation_status == Answer.EvaluationStatus.DONE


def test_questions_interviews_answers_and_profile_are_served_while_redis_is_down(auth_client, bank, redis_outage):
    redis_outage.down()

    assert auth_client.get("/api/v1/questions/").status_code == 200
    assert auth_client.get("/api/v1/users/me/").status_code == 200
    assert auth_client.get("/api/v1/billing/subscription/").status_code == 200
    interview = start(auth_client, question_count=1)
    assert interview.status_code == 201
    answered = _answer(auth_client, interview.json())
    assert answered.status_code == 201
    assert answered.json()["evaluation_status"] == "pending"
    assert Answer.objects.get().evaluation_status == Answer.EvaluationStatus.PENDING

    ready = auth_client.get("/api/v1/health/ready/").json()["error"]["details"]["checks"]
    assert {name for name, state in ready.items() if state != "ok"} == {"cache", "broker"}


def test_the_daily_chat_cap_holds_while_redis_is_down(staff_user, settings, redis_outage):
    settings.COACH_DAILY_MESSAGES = 1
    client = authenticate(APIClient(), staff_user)  # staff have the chat coach
    assert client.post("/api/v1/chat/messages/", {"message": "hi"}, format="json").status_code == 201

    redis_outage.down()
    refused = client.post("/api/v1/chat/messages/", {"message": "hi"}, format="json")

    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "daily_limit_reached"


def test_sign_in_and_password_reset_fail_closed_while_registration_fails_open(api_client, user, redis_outage):
    redis_outage.down()

    login = api_client.post("/api/v1/auth/login/", {"email": user.email, "password": PASSWORD})
    assert login.status_code == 503
    assert login.json()["error"]["code"] == "service_unavailable"
    forgot = api_client.post("/api/v1/auth/forgot-password/", {"email": user.email})
    assert forgot.status_code == 503
    assert api_client.post("/api/v1/auth/register/", NEWCOMER).status_code == 201

    redis_outage.up()
    login = {"email": user.email, "password": PASSWORD}
    assert wait_for(lambda: api_client.post("/api/v1/auth/login/", login).status_code == 200, timeout=10)


def test_admin_sign_in_fails_closed_with_a_page_for_staff(client, staff_user, redis_outage):
    redis_outage.down()

    response = client.post("/admin/login/", {"username": staff_user.email, "password": PASSWORD})

    assert response.status_code == 503
    assert "Sign-in is unavailable for a moment" in response.content.decode()
    redis_outage.up()
    login = {"username": staff_user.email, "password": PASSWORD}
    assert wait_for(lambda: client.post("/admin/login/", login).status_code == 302, timeout=10)


def test_emails_and_evaluations_queued_while_redis_is_down_are_done_once_it_is_back(
    api_client, auth_client, bank, redis_outage, mailoutbox
):
    interview = start(auth_client, question_count=1).json()
    redis_outage.down()
    assert api_client.post("/api/v1/auth/register/", NEWCOMER).status_code == 201
    assert _answer(auth_client, interview).status_code == 201
    answer = Answer.objects.get()

    redis_outage.up()
    with start_worker(app, pool="solo", perform_ping_check=False):
        assert outbox_flush() == 2
        assert wait_for(_evaluated(answer), timeout=30)
        assert wait_for(lambda: [NEWCOMER["email"]] in [m.to for m in mailoutbox], timeout=30)


def test_an_evaluation_whose_message_a_redis_restart_lost_is_queued_again_by_the_sweep(
    auth_client, bank, redis_outage, settings
):
    answer_response = _answer(auth_client, start(auth_client, question_count=1).json())
    assert answer_response.status_code == 201
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()  # restarted without persistence: the queue is gone
    answer = Answer.objects.get()
    assert evaluations_requeue_idle() == 0  # not idle yet: its message may still be on its way

    Answer.objects.filter(pk=answer.pk).update(created_at=timezone.now() - STALE_EVALUATION - timedelta(minutes=1))
    with start_worker(app, pool="solo", perform_ping_check=False):
        assert evaluations_requeue_idle() == 1
        assert wait_for(_evaluated(answer), timeout=30)


def test_an_admin_sees_the_waiting_tasks_and_sends_them_once_redis_is_back(client, api_client, redis_outage):
    admin_user = User.objects.create_superuser("root@example.com", PASSWORD, name="Root")
    client.force_login(admin_user)
    redis_outage.down()
    assert api_client.post("/api/v1/auth/register/", NEWCOMER).status_code == 201

    changelist = client.get("/admin/kernel/outboxtask/")
    assert changelist.status_code == 200
    assert "accounts.tasks" in changelist.content.decode()

    redis_outage.up()
    action = {"action": "send_now", "_selected_action": [str(OutboxTask.objects.get().pk)]}
    response = client.post("/admin/kernel/outboxtask/", action, follow=True)
    assert "1 sent, 0 still waiting." in response.content.decode()
    assert not OutboxTask.objects.exists()
