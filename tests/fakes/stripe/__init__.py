"""A local fake of the Stripe REST API (v1, test mode), for driving the real ``stripe`` SDK and dj-stripe.

Requests are form-encoded as with Stripe (``line_items[0][price]``, ``metadata[k]``, ``expand[]``);
answers are Stripe-shaped JSON with real id prefixes, ``"livemode": false``, ``expand`` support,
list pagination (``limit``/``starting_after``), idempotent POST replay, and Stripe-style errors
(unknown ids and routes: 404 ``resource_missing``; bad params: 400; no API key: 401). Endpoints:
customers, products, prices, plans, checkout and billing-portal sessions, subscriptions (+ items),
invoices, payment intents, charges, payment methods, events and the account (see ``routes``).

Point the SDK at it with ``stripe.api_base = server.base_url`` (the ``stripe_server`` fixture
does this) or ``stripe.StripeClient(key, base_addresses={"api": server.base_url})``. Any
regex-valid test key works (dj-stripe needs ``sk_test_`` + 24 or more letters/digits).

Script state from tests: ``create_product``/``create_price``/``create_customer``, then
``complete_checkout(session_id) -> (subscription, invoice)``, ``renew_subscription``,
``fail_invoice``, ``update_subscription``, ``advance_subscription_to_end``; ``event(type, obj)``
stores an Event and ``signed_webhook(event, secret) -> (payload, headers)`` signs it like Stripe;
``inject_error`` fails the next matching request; ``requests`` records what the code sent.
For pytest, list ``"tests.fakes.stripe"`` in ``pytest_plugins`` and use the ``stripe_server`` fixture.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stripe

from .objects import ACCOUNT_ID, API_VERSION, JSON, LEGACY_FIELDS
from .routes import StripeError
from .server import FakeStripeServer, RecordedRequest
from .wire import parse_form, sign_payload

__all__ = [
    "ACCOUNT_ID",
    "API_VERSION",
    "JSON",
    "LEGACY_FIELDS",
    "FakeStripeServer",
    "RecordedRequest",
    "StripeError",
    "parse_form",
    "sign_payload",
    "stripe_server",
]


@pytest.fixture(scope="session")
def _stripe_server_session() -> Iterator[FakeStripeServer]:
    with FakeStripeServer() as server:
        yield server


@pytest.fixture
def stripe_server(_stripe_server_session: FakeStripeServer, monkeypatch: pytest.MonkeyPatch) -> FakeStripeServer:
    """The fake, emptied, with the ``stripe`` module's ``api_base`` pointed at it for this test."""
    _stripe_server_session.reset()
    monkeypatch.setattr(stripe, "api_base", _stripe_server_session.base_url)
    return _stripe_server_session
