"""Product events recorded from the other apps' signals, and never at the cost of the request."""

import logging
from unittest import mock

import pytest
from pymongo.errors import ServerSelectionTimeoutError

from accounts.models import User
from analytics.models import Event
from conftest import PASSWORD
from tests.billing.conftest import Stripe
from tests.interviews.conftest import start

pytestmark = pytest.mark.django_db


def _names(user_id) -> list[str]:
    return list(Event.objects.filter(user_id=user_id).order_by("created_at").values_list("name", flat=True))


def test_registration_and_login_are_recorded(api_client):
    register = api_client.post(
        "/api/v1/auth/register/", {"email": "new@example.com", "password": PASSWORD, "name": "New"}
    )
    assert register.status_code == 201, register.content
    login = api_client.post("/api/v1/auth/login/", {"email": "new@example.com", "password": PASSWORD})
    assert login.status_code == 200

    assert _names(User.objects.get(email="new@example.com").pk) == [Event.Name.SIGNUP, Event.Name.LOGIN]


def test_starting_an_interview_is_recorded_with_its_type_and_level(auth_client, user, bank):
    response = start(auth_client)
    assert response.status_code == 201

    event = Event.objects.get(user_id=user.pk, name=Event.Name.INTERVIEW_STARTED)
    assert event.properties == {"interview_id": response.json()["id"], "type": "technical", "level": "middle"}


def test_subscription_start_and_cancellation_are_recorded_from_stripe_webhooks(
    auth_client, user, stripe_account: Stripe
):
    response = auth_client.post("/api/v1/billing/checkout-session/", {"plan": "premium_monthly"}, format="json")
    subscription, _invoice = stripe_account.server.complete_checkout(response.json()["session_id"])
    assert stripe_account.deliver("customer.subscription.created", subscription["id"]).status_code == 200
    stripe_account.server.advance_subscription_to_end(subscription["id"])
    assert stripe_account.deliver("customer.subscription.deleted", subscription["id"]).status_code == 200

    started, cancelled = (
        Event.objects.get(user_id=user.pk, name=name)
        for name in (Event.Name.SUBSCRIPTION_STARTED, Event.Name.SUBSCRIPTION_CANCELLED)
    )
    assert started.properties == cancelled.properties == {"subscription_id": subscription["id"]}


def test_a_failing_event_insert_is_dropped_with_a_log_line_and_the_request_succeeds(api_client, caplog):
    down = ServerSelectionTimeoutError("analytics database unreachable")
    with mock.patch.object(Event.objects, "create", side_effect=down), caplog.at_level(logging.WARNING):
        register = api_client.post(
            "/api/v1/auth/register/", {"email": "new@example.com", "password": PASSWORD, "name": "New"}
        )
        login = api_client.post("/api/v1/auth/login/", {"email": "new@example.com", "password": PASSWORD})

    assert (register.status_code, login.status_code) == (201, 200)
    assert User.objects.filter(email="new@example.com").exists()
    assert not Event.objects.exists()
    assert "analytics event signup dropped" in caplog.text
    assert "analytics event login dropped" in caplog.text
