"""Results-ready and weekly digest emails: in the user's language and time zone, only when wanted."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from interviews.models import Interview
from interviews.services import weekly_digests_send
from tests.interviews.conftest import GOOD_ANSWER, start

pytestmark = pytest.mark.django_db


def _finish_interview(client):
    interview = start(client, question_count=1).json()
    body = {"question_id": interview["questions"][0]["id"], "text": GOOD_ANSWER}
    client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="json")
    mail.outbox.clear()
    client.post(f"/api/v1/interviews/{interview['id']}/complete/")
    return interview


def _settings(user, **values):
    user.settings = {**user.settings, **values}
    user.save()


def test_results_ready_email_is_sent_when_the_result_is_compiled(auth_client, user, bank):
    interview = _finish_interview(auth_client)

    assert [message.to for message in mail.outbox] == [[user.email]]
    message = mail.outbox[0]
    assert message.subject == "Your interview results are ready"
    assert f"/interviews/{interview['id']}/result" in message.body
    assert isinstance(message, EmailMultiAlternatives)
    html = message.alternatives[0][0]
    assert isinstance(html, str) and "out of 100" in html


def test_results_ready_email_is_in_russian_for_a_russian_user(auth_client, user, bank):
    _settings(user, language="ru")

    _finish_interview(auth_client)

    assert mail.outbox[0].subject == "Результаты собеседования готовы"
    assert "из 100" in mail.outbox[0].body


def test_no_results_email_when_notifications_are_off(auth_client, user, bank):
    _settings(user, email_notifications=False)

    _finish_interview(auth_client)

    assert mail.outbox == []


def _interview_on(user, when, score):
    return Interview.objects.create(
        user=user, type="technical", level="middle", status="completed", started_at=when, overall_score=score
    )


def test_weekly_digest_goes_out_on_monday_morning_in_the_users_time_zone(user):
    _settings(user, timezone="Asia/Tokyo")
    # Monday 2026-11-30 09:30 in Tokyo is Monday 00:30 UTC; the week before is Nov 23-29 local.
    monday_morning_tokyo = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)
    _interview_on(user, datetime(2026, 11, 29, 14, 0, tzinfo=UTC), 80)  # Sunday 23:00 Tokyo: last week
    _interview_on(user, datetime(2026, 11, 29, 16, 0, tzinfo=UTC), 60)  # Monday 01:00 Tokyo: this week
    _interview_on(user, datetime(2026, 11, 22, 16, 0, tzinfo=UTC), 50)  # Nov 23 Tokyo: last week

    sent = weekly_digests_send(now=monday_morning_tokyo)

    assert sent == 1
    body = mail.outbox[0].body
    assert "you started 2 mock interviews" in body
    assert "Average score 65.0, best 80.0" in body
    assert weekly_digests_send(now=monday_morning_tokyo + timedelta(minutes=10)) == 0  # once per week


def test_no_digest_outside_the_users_monday_morning(user):
    _settings(user, timezone="Asia/Tokyo")

    # Monday 09:30 UTC is Monday 18:30 in Tokyo.
    assert weekly_digests_send(now=datetime(2026, 11, 30, 9, 30, tzinfo=UTC)) == 0


def test_no_digest_when_notifications_are_off(user):
    _settings(user, email_notifications=False)

    assert weekly_digests_send(now=datetime(2026, 11, 30, 9, 30, tzinfo=UTC)) == 0
    assert mail.outbox == []


def test_weekly_digest_in_russian(user):
    _settings(user, language="ru")

    weekly_digests_send(now=datetime(2026, 11, 30, 9, 30, tzinfo=UTC))

    assert mail.outbox[0].subject == "Ваша неделя практики собеседований"


def test_streak_counts_days_in_the_users_time_zone(auth_client, user):
    _settings(user, timezone="America/Los_Angeles")
    now = datetime.now(UTC)
    # Two starts an hour apart around the UTC midnight before now: in Los Angeles, both one evening.
    utc_midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    _interview_on(user, utc_midnight - timedelta(minutes=30), 70)
    _interview_on(user, utc_midnight + timedelta(minutes=30), 70)

    streak = auth_client.get("/api/v1/users/me/stats/").json()["streak_days"]

    assert streak == 1
