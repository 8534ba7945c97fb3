"""From the free plan's weekly limit through Stripe Checkout to premium, cancellation and back."""

import pytest
from django.core import mail
from djstripe.models import Event

from tests.billing.conftest import Stripe
from tests.interviews.conftest import start

pytestmark = pytest.mark.django_db


def _subscription(client):
    return client.get("/api/v1/billing/subscription/").json()


def _checkout(client, stripe_account: Stripe):
    response = client.post("/api/v1/billing/checkout-session/", {"plan": "premium_monthly"}, format="json")
    assert response.status_code == 201, response.content
    session_id = response.json()["session_id"]
    subscription, invoice = stripe_account.server.complete_checkout(session_id)
    assert stripe_account.deliver("checkout.session.completed", session_id).status_code == 200
    assert stripe_account.deliver("customer.subscription.created", subscription["id"]).status_code == 200
    assert stripe_account.deliver("invoice.paid", invoice["id"]).status_code == 200
    return subscription, invoice


def test_free_user_hits_the_limit_upgrades_through_checkout_and_goes_back_to_free(
    auth_client, bank, stripe_account: Stripe
):
    assert [start(auth_client).status_code for _ in range(3)] == [201, 201, 429]
    free = _subscription(auth_client)
    assert (free["plan"], free["interviews_used_this_week"], free["interviews_left_this_week"]) == ("free", 2, 0)
    assert free["resets_at"] is not None

    subscription, _invoice = _checkout(auth_client, stripe_account)

    premium = _subscription(auth_client)
    assert (premium["plan"], premium["tier"], premium["status"]) == ("premium_monthly", "premium", "active")
    assert premium["weekly_interview_limit"] == 50
    assert auth_client.get("/api/v1/auth/me/").json()["plan"] == "premium"
    assert start(auth_client).status_code == 201

    stripe_account.server.update_subscription(subscription["id"], cancel_at_period_end=True)
    assert stripe_account.deliver("customer.subscription.updated", subscription["id"]).status_code == 200
    cancelling = _subscription(auth_client)
    assert (cancelling["tier"], cancelling["cancel_at_period_end"]) == ("premium", True)

    stripe_account.server.advance_subscription_to_end(subscription["id"])
    assert stripe_account.deliver("customer.subscription.deleted", subscription["id"]).status_code == 200
    assert _subscription(auth_client)["plan"] == "free"
    assert auth_client.get("/api/v1/auth/me/").json()["plan"] == "free"
    assert start(auth_client).status_code == 429


def test_checkout_session_is_created_for_the_users_stripe_customer(auth_client, user, stripe_account: Stripe):
    response = auth_client.post("/api/v1/billing/checkout-session/", {"plan": "premium"}, format="json")

    assert response.status_code == 201
    session = stripe_account.server.get(response.json()["session_id"])
    assert session["client_reference_id"] == str(user.pk)
    assert session["mode"] == "subscription"
    customer = stripe_account.server.get(session["customer"])
    assert customer["email"] == user.email
    again = auth_client.post("/api/v1/billing/checkout-session/", {"plan": "premium"}, format="json").json()
    assert stripe_account.server.get(again["session_id"])["customer"] == session["customer"]


def test_unknown_plan_is_a_400(auth_client, stripe_account: Stripe):
    response = auth_client.post("/api/v1/billing/checkout-session/", {"plan": "platinum"}, format="json")

    assert response.status_code == 400
    assert "plan" in response.json()["error"]["details"]


def test_subscribers_cannot_open_a_second_checkout(auth_client, stripe_account: Stripe):
    _checkout(auth_client, stripe_account)

    response = auth_client.post("/api/v1/billing/checkout-session/", {"plan": "premium"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "already_subscribed"


def test_portal_session_returns_a_url(auth_client, stripe_account: Stripe):
    response = auth_client.post("/api/v1/billing/portal-session/")

    assert response.status_code == 201
    assert response.json()["url"].startswith("http")


def test_payment_history_lists_the_paid_invoice(auth_client, stripe_account: Stripe):
    _checkout(auth_client, stripe_account)

    payments = auth_client.get("/api/v1/billing/payments/").json()

    assert [(p["amount"], p["currency"], p["status"]) for p in payments] == [("19.00", "usd", "paid")]


def test_failed_payment_keeps_premium_in_grace_and_emails_the_user(auth_client, user, stripe_account: Stripe):
    subscription, _invoice = _checkout(auth_client, stripe_account)
    mail.outbox.clear()

    failed = stripe_account.server.fail_invoice(subscription["id"])
    assert stripe_account.deliver("invoice.payment_failed", failed["id"]).status_code == 200
    assert stripe_account.deliver("customer.subscription.updated", subscription["id"]).status_code == 200

    state = _subscription(auth_client)
    assert (state["status"], state["tier"]) == ("past_due", "premium")
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "payment" in mail.outbox[0].subject.lower()


def test_a_replayed_event_changes_nothing(auth_client, stripe_account: Stripe):
    subscription, _invoice = _checkout(auth_client, stripe_account)
    stripe_account.server.advance_subscription_to_end(subscription["id"])
    deleted = stripe_account.server.event("customer.subscription.deleted", subscription["id"])
    assert stripe_account.redeliver(deleted).status_code == 200
    events = Event.objects.count()

    assert stripe_account.redeliver(deleted).status_code == 200

    assert Event.objects.count() == events
    assert _subscription(auth_client)["plan"] == "free"


def test_an_old_event_arriving_late_does_not_undo_the_newer_state(auth_client, stripe_account: Stripe):
    subscription, _invoice = _checkout(auth_client, stripe_account)
    stale = stripe_account.server.event("customer.subscription.updated", subscription["id"])  # still active
    stripe_account.server.advance_subscription_to_end(subscription["id"])
    assert stripe_account.deliver("customer.subscription.deleted", subscription["id"]).status_code == 200

    assert stripe_account.redeliver(stale).status_code == 200

    assert _subscription(auth_client)["plan"] == "free"


def test_a_bad_signature_is_a_400_and_changes_nothing(auth_client, stripe_account: Stripe):
    response = auth_client.post("/api/v1/billing/checkout-session/", {"plan": "premium"}, format="json")
    subscription, _invoice = stripe_account.server.complete_checkout(response.json()["session_id"])

    forged = stripe_account.deliver("customer.subscription.created", subscription["id"], secret="whsec_forged")

    assert forged.status_code == 400
    assert _subscription(auth_client)["plan"] == "free"


def test_an_unknown_event_type_is_acknowledged(stripe_account: Stripe):
    customer = stripe_account.server.create_customer("someone@example.com")

    response = stripe_account.deliver("customer.tax_id.created", customer["id"])

    assert response.status_code == 200


def test_staff_see_payments_in_the_admin(auth_client, client, staff_user, stripe_account: Stripe):
    _subscription_, invoice = _checkout(auth_client, stripe_account)
    client.force_login(staff_user)

    page = client.get("/admin/djstripe/invoice/")

    assert page.status_code == 200
    assert invoice["id"] in page.content.decode()
