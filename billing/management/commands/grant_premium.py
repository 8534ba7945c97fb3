"""``manage.py grant_premium EMAIL --days N``: complimentary premium without Stripe."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts.selectors import user_get_by_email
from billing.services import premium_grant


class Command(BaseCommand):
    help = "Give a user premium for N days without Stripe (recorded as a grant by 'shell')."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")
        parser.add_argument("--days", type=int, required=True)
        parser.add_argument("--reason", default="")
        parser.add_argument("--by", default="shell", help="Who grants it, for the audit trail.")

    def handle(self, *args: Any, email: str, days: int, reason: str, by: str, **options: Any) -> None:
        user = user_get_by_email(email=email)
        if user is None:
            raise CommandError(f"No user with email {email}.")
        grant = premium_grant(user=user, days=days, granted_by=by, reason=reason)
        self.stdout.write(f"{user.email} has premium until {grant.ends_at:%Y-%m-%d %H:%M} UTC.")
