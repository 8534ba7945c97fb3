"""Hand-built analytics rows with known dates and values."""

from datetime import UTC, datetime

from djstripe.models import Customer, Subscription

from accounts.models import User
from billing.models import BillingAccount
from tests.billing.conftest import stripe_account  # noqa: F401  (the fake Stripe account, for webhook events)


def at(day: int, hour: int = 12, month: int = 3) -> datetime:
    """A moment in March 2025 (UTC), the month the metric tests look at."""
    return datetime(2025, month, day, hour, tzinfo=UTC)


def subscription_make(
    *, user: User, start: datetime, ended: datetime | None = None, interval: str = "month", amount: int = 1900
) -> Subscription:
    """A dj-stripe subscription as a synced webhook leaves it (only the fields the metrics read)."""
    account, _ = BillingAccount.objects.get_or_create(user_id=str(user.pk), defaults={"email": user.email})
    customer, _ = Customer.objects.get_or_create(
        id=f"cus_{user.pk}", defaults={"subscriber": account, "livemode": False, "created": start}
    )
    sub_id = f"sub_{user.pk}_{int(start.timestamp())}"
    data = {
        "id": sub_id,
        "status": "canceled" if ended else "active",
        "start_date": int(start.timestamp()),
        "ended_at": int(ended.timestamp()) if ended else None,
        "items": {"data": [{"quantity": 1, "price": {"unit_amount": amount, "recurring": {"interval": interval}}}]},
    }
    return Subscription.objects.create(id=sub_id, customer=customer, livemode=False, created=start, stripe_data=data)
