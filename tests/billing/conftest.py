"""Billing against the fake Stripe API: a configured key, a premium Price, and signed webhook delivery."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from billing.models import Plan
from billing.services import plans_seed, webhook_endpoint_register

TEST_KEY = "sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc"


@dataclass
class Stripe:
    server: Any
    price_id: str
    secret: str
    webhook_path: str

    def deliver(self, event_type: str, data_object: Any, *, secret: str | None = None) -> Any:
        """Store the event in the fake and POST it, signed, to our webhook endpoint; returns the response."""
        event = self.server.event(event_type, data_object)
        return self.redeliver(event, secret=secret)

    def redeliver(self, event: dict[str, Any], *, secret: str | None = None) -> Any:
        payload, headers = self.server.signed_webhook(event, secret or self.secret)
        extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
        return Client().post(self.webhook_path, data=payload, content_type=headers["Content-Type"], **extra)


@pytest.fixture
def stripe_account(settings: Any, stripe_server: Any) -> Stripe:
    """Stripe configured with a premium Price and this server's webhook endpoint registered."""
    settings.STRIPE_SECRET_KEY = TEST_KEY
    settings.STRIPE_TEST_SECRET_KEY = TEST_KEY
    product = stripe_server.create_product("InterviewPrep Premium")
    price = stripe_server.create_price(product["id"], 1900, "usd", "month")
    plans_seed()
    Plan.objects.filter(code="premium_monthly").update(stripe_price_id=price["id"])
    endpoint = webhook_endpoint_register(base_url="http://testserver")
    return Stripe(stripe_server, price["id"], endpoint.secret, f"/stripe/webhook/{endpoint.djstripe_uuid}/")
