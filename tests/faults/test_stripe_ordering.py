"""Stripe webhooks replayed, out of order, or racing the user back from Checkout: the plan is still right.

dj-stripe records each event once (a replay is acknowledged and not processed again) and, for every
subscription event, fetches the subscription from Stripe instead of trusting the payload, so a stale
event applies Stripe's current state. The basics (one replayed cancellation, an old update arriving
after the cancellation) are in tests/billing/test_subscription_lifecycle.py.
"""

import pytest
from djstripe.models import Event, Subscription

from analytics.models import Event as ProductEvent
from tests.billing import conftest as billing

pytestmark = pytest.mark.django_db

stripe_account = billing.stripe_account  # the fake Stripe account with our webhook endpoint registered


def _paid_checkout(client, stripe_account):
    """The user pays on Stripe's page; returns the events Stripe then sends, in the order it made them."""
    response = client.post("/api/v1/billing/checkout-session/", {"plan": "premium"}, format="json")
    session_id = response.json()["session_id"]
    subscription, invoice = stripe_account.server.complete_checkout(session_id)
    return subscription, [
        stripe_account.server.event("checkout.session.completed", session_id),
        stripe_account.server.event("customer.subscription.created", subscription["id"]),
        stripe_account.server.event("invoice.paid", invoice["id"]),
    ]


def _plan(client):
    state = client.get("/api/v1/billing/subscription/").json()
    return state["tier"], state["status"]


def test_activation_events_each_delivered_three_times_make_one_subscription(auth_client, stripe_account):
    _subscription, events = _paid_checkout(auth_client, stripe_account)

    for event in events:
        assert [stripe_account.redeliver(event).status_code for _ in range(3)] == [200, 200, 200]

    assert _plan(auth_client) == ("premium", "active")
    assert Subscription.objects.count() == 1
    assert Event.objects.count() == 3
    assert ProductEvent.objects.filter(name=ProductEvent.Name.SUBSCRIPTION_STARTED).count() == 1
    assert len(auth_client.get("/api/v1/billing/payments/").json()) == 1


def test_activation_events_in_reverse_order_make_the_user_premium(auth_client, stripe_account):
    _subscription, events = _paid_checkout(auth_client, stripe_account)

    for event in reversed(events):
        assert stripe_account.redeliver(event).status_code == 200

    assert _plan(auth_client) == ("premium", "active")
    assert Subscription.objects.count() == 1


def test_a_whole_subscription_delivered_newest_first_ends_free(auth_client, stripe_account):
    subscription, events = _paid_checkout(auth_client, stripe_account)
    stripe_account.server.update_subscription(subscription["id"], cancel_at_period_end=True)
    events.append(stripe_account.server.event("customer.subscription.updated", subscription["id"]))
    stripe_account.server.advance_subscription_to_end(subscription["id"])
    events.append(stripe_account.server.event("customer.subscription.deleted", subscription["id"]))

    for event in reversed(events):  # the cancellation first, then everything that led to it
        assert stripe_account.redeliver(event).status_code == 200

    assert _plan(auth_client) == ("free", "free")
    assert auth_client.get("/api/v1/auth/me/").json()["plan"] == "free"
    assert list(Subscription.objects.values_list("stripe_data__status", flat=True)) == ["canceled"]


def test_a_user_back_from_checkout_before_the_webhook_is_premium_as_soon_as_it_arrives(auth_client, stripe_account):
    _subscription, events = _paid_checkout(auth_client, stripe_account)
    # Back on the success page, the client asks for the plan: no webhook yet, so still free (and cached).
    assert _plan(auth_client) == ("free", "free")

    for event in events:
        assert stripe_account.redeliver(event).status_code == 200

    assert _plan(auth_client) == ("premium", "active")
    assert auth_client.get("/api/v1/auth/me/").json()["plan"] == "premium"
    assert Subscription.objects.count() == 1
