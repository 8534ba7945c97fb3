"""``manage.py register_stripe_webhook https://api.example.com``: create the
Stripe webhook endpoint for this deployment and store its signing secret."""

from typing import Any

from django.core.management.base import BaseCommand

from billing.services import webhook_endpoint_register


class Command(BaseCommand):
    help = "Register this server's Stripe webhook endpoint (/stripe/webhook/<uuid>/) with Stripe."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("base_url", help="Public base URL of the API, e.g. https://api.example.com")

    def handle(self, *args: Any, base_url: str, **options: Any) -> None:
        endpoint = webhook_endpoint_register(base_url=base_url)
        self.stdout.write(f"Stripe will send events to {endpoint.url}")
