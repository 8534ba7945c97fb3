"""Load a demo history so the dashboard and the admin show something real."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from analytics.services.demo import demo_data_seed


class Command(BaseCommand):
    help = "Create demo users, interviews, answers, subscriptions, AI calls and events (once; --force replaces them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=300)
        parser.add_argument("--interviews", type=int, default=2000)
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--force", action="store_true", help="replace an existing demo history")

    def handle(self, *args: Any, **options: Any) -> None:
        summary = demo_data_seed(
            users=options["users"], interviews=options["interviews"], days=options["days"], seed=options["seed"],
            force=options["force"],
        )  # fmt: skip
        self.stdout.write(summary)
