"""Who pays or holds a grant, from dj-stripe's mirror of Stripe and the grants table."""

from __future__ import annotations

from django.utils import timezone
from djstripe.models import Invoice, Subscription

from billing.models import BillingAccount, PremiumGrant
from billing.selectors.stripe_payloads import PREMIUM_STATUSES, subscription_period_end


def current_subscription(*, user_id: str) -> Subscription | None:
    """The user's subscription that keeps them premium now, if any."""
    now = timezone.now()
    candidates = Subscription.objects.filter(customer__subscriber__user_id=user_id).order_by("-created")
    for subscription in candidates:
        data = subscription.stripe_data
        period_end = subscription_period_end(data)
        if data.get("status") in PREMIUM_STATUSES and (period_end is None or period_end > now):
            return subscription
    return None


def current_grant(*, user_id: str) -> PremiumGrant | None:
    """The user's complimentary premium in force now, the longest first."""
    now = timezone.now()
    grants = PremiumGrant.objects.filter(user_id=user_id, revoked_at__isnull=True, starts_at__lte=now, ends_at__gt=now)
    return grants.order_by("-ends_at").first()


def premium_user_ids() -> set[str]:
    """Ids (ObjectId strings) of the users a subscription or a grant keeps premium now."""
    paying = {
        str(row["customer__subscriber__user_id"])
        for row in Subscription.objects.filter(customer__subscriber__isnull=False).values(
            "customer__subscriber__user_id", "stripe_data"
        )
        if row["stripe_data"].get("status") in PREMIUM_STATUSES
    }
    granted = PremiumGrant.objects.filter(revoked_at__isnull=True, ends_at__gt=timezone.now())
    return paying | set(granted.values_list("user_id", flat=True))


def payments_for(*, user_id: str) -> list[Invoice]:
    """The user's invoices, newest first (amount, currency, status, period)."""
    return list(Invoice.objects.filter(customer__subscriber__user_id=user_id).order_by("-created"))


def billing_account_get(*, user_id: str) -> BillingAccount | None:
    return BillingAccount.objects.filter(user_id=user_id).first()
