"""Billing writes: plans seed, Stripe Checkout and portal, complimentary grants,
webhook follow-up and the upgrade nudge. Stripe is reached only through dj-stripe
and the stripe SDK it configures."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import stripe
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from djstripe.models import Customer, Event, WebhookEndpoint

from accounts.models import User
from billing.errors import BillingNotConfigured
from billing.models import BillingAccount, Plan, PremiumGrant
from billing.plans import FREE, PREMIUM, default_plans
from billing.selectors.entitlements import Entitlements, entitlements_cached_forget
from billing.selectors.plans import plan_get_for_checkout, plans_cache_forget
from billing.selectors.subscriptions import billing_account_get, current_subscription
from kernel.errors import NotFound, ServiceUnavailable, ValidationFailed
from kernel.events import ProductEvent, event_emit
from kernel.outbox import enqueue_on_commit

logger = logging.getLogger(__name__)

UPGRADE_NUDGE_EVERY = timedelta(days=7)


def plans_seed() -> str:
    """Create the default plans once; staff edits made in the admin are kept."""
    created = []
    for order, defaults in enumerate(default_plans()):
        _plan, was_created = Plan.objects.get_or_create(
            code=defaults.code,
            defaults={
                "name": defaults.name,
                "tier": defaults.tier,
                "price": Decimal(defaults.price),
                "currency": defaults.currency,
                "interval": defaults.interval,
                "weekly_interview_limit": defaults.weekly_interview_limit,
                "weekly_second_chance_limit": defaults.weekly_second_chance_limit,
                "daily_chat_message_limit": defaults.daily_chat_message_limit,
                "features": list(defaults.features),
                "stripe_price_id": defaults.stripe_price_id,
                "sort_order": order,
            },
        )
        if was_created:
            created.append(defaults.code)
    if created:
        plans_cache_forget()
    return f"plans: created {', '.join(created)}" if created else "plans: already present"


def _require_stripe() -> None:
    if not settings.STRIPE_SECRET_KEY:
        raise BillingNotConfigured()


def billing_account_sync(*, user: User) -> BillingAccount:
    """The user's billing account (dj-stripe subscriber), created on first need."""
    account, created = BillingAccount.objects.get_or_create(user_id=str(user.pk), defaults={"email": user.email})
    if not created and account.email != user.email:
        account.email = user.email
        account.save(update_fields=["email"])
    return account


def _customer_for(*, user: User) -> Customer:
    account = billing_account_sync(user=user)
    try:
        customer, _created = Customer.get_or_create(subscriber=account, metadata={"user_id": str(user.pk)})
    except stripe.StripeError as exc:
        logger.warning("stripe customer for %s failed: %s", user.pk, exc)
        raise ServiceUnavailable(_("The payment provider is unavailable. Try again shortly.")) from exc
    return customer


def checkout_session_create(*, user: User, plan_code: str) -> dict[str, str]:
    """A Stripe Checkout Session for a paid plan; the webhook upgrades the user once it is paid."""
    _require_stripe()
    plan = plan_get_for_checkout(code=plan_code)
    if plan is None:
        raise ValidationFailed(details={"plan": [_("Unknown plan or not purchasable.")]})
    if not plan.stripe_price_id:
        raise BillingNotConfigured(_("This plan has no Stripe price configured yet."))
    if current_subscription(user_id=str(user.pk)) is not None:
        raise ValidationFailed(
            _("You already have a subscription; manage it in the billing portal."), code="already_subscribed"
        )
    customer = _customer_for(user=user)
    try:
        session = stripe.checkout.Session.create(
            api_key=settings.STRIPE_SECRET_KEY,
            mode="subscription",
            customer=customer.id,
            client_reference_id=str(user.pk),
            line_items=[{"price": plan.stripe_price_id, "quantity": 1}],
            success_url=settings.BILLING_SUCCESS_URL + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=settings.BILLING_CANCEL_URL,
            metadata={"user_id": str(user.pk), "plan": plan.code},
            subscription_data={"metadata": {"user_id": str(user.pk), "plan": plan.code}},
        )
    except stripe.StripeError as exc:
        logger.warning("checkout session for %s failed: %s", user.pk, exc)
        raise ServiceUnavailable(_("The payment provider is unavailable. Try again shortly.")) from exc
    event_emit(name=ProductEvent.CHECKOUT_STARTED, user_id=user.pk, properties={"plan": plan.code})
    return {"url": session.url or "", "session_id": session.id}


def portal_session_create(*, user: User) -> dict[str, str]:
    _require_stripe()
    customer = _customer_for(user=user)
    try:
        session = stripe.billing_portal.Session.create(
            api_key=settings.STRIPE_SECRET_KEY, customer=customer.id, return_url=settings.BILLING_PORTAL_RETURN_URL
        )
    except stripe.StripeError as exc:
        raise ServiceUnavailable(_("The payment provider is unavailable. Try again shortly.")) from exc
    return {"url": session.url}


# --- Complimentary premium -------------------------------------------------------------------


def premium_grant(*, user: User, days: int, granted_by: str, reason: str = "") -> PremiumGrant:
    """Give ``user`` premium for ``days`` without Stripe (support goodwill, partners)."""
    if days < 1:
        raise ValidationFailed(details={"days": [_("At least one day.")]})
    plan = Plan.objects.filter(tier=PREMIUM, is_active=True).order_by("sort_order").first()
    if plan is None:
        raise NotFound(_("No premium plan exists to grant."))
    now = timezone.now()
    grant = PremiumGrant.objects.create(
        user_id=str(user.pk), email=user.email, plan=plan, starts_at=now, ends_at=now + timedelta(days=days),
        reason=reason, granted_by=granted_by,
    )  # fmt: skip
    entitlements_cached_forget(user_id=str(user.pk))
    logger.info("premium granted to %s for %d days by %s", user.pk, days, granted_by)
    return grant


def premium_grants_revoke(*, grants: Any, revoked_by: str) -> int:
    user_ids = list(grants.filter(revoked_at__isnull=True).values_list("user_id", flat=True))
    count = int(grants.filter(revoked_at__isnull=True).update(revoked_at=timezone.now(), revoked_by=revoked_by))
    for user_id in user_ids:
        entitlements_cached_forget(user_id=user_id)
    return count


# --- Webhooks (after dj-stripe has verified, stored and synced the event) ------------------------


def _user_id_of_customer(customer_id: str | None) -> str | None:
    if not customer_id:
        return None
    customer = Customer.objects.filter(id=customer_id).select_related("subscriber").first()
    return customer.subscriber.user_id if customer and customer.subscriber else None


def stripe_event_apply(*, event: Event) -> None:
    """Keep our side right after a subscription-related event: forget the cached
    plan, and email the user when a payment failed. Events for customers whose
    account was deleted are logged and ignored."""
    data = event.data.get("object", {})
    customer_id = data.get("customer") if data.get("object") != "customer" else data.get("id")
    user_id = _user_id_of_customer(customer_id)
    if user_id is None:
        logger.warning("stripe event %s (%s) for a customer with no account; ignored", event.id, event.type)
        return
    entitlements_cached_forget(user_id=user_id)
    if event.type == "invoice.payment_failed":
        from billing.tasks import send_payment_failed_email_task

        enqueue_on_commit(send_payment_failed_email_task, user_id=user_id, invoice_id=data.get("id"))


def billing_account_erase(*, user: User) -> None:
    """Account deletion: cancel the customer's live subscriptions in Stripe (the
    source of truth, even for ones no webhook has told us about yet) and unlink
    the customer. dj-stripe keeps its Stripe mirror (invoices are financial
    records), but it no longer points at a person."""
    account = billing_account_get(user_id=str(user.pk))
    if account is None:
        return
    for customer in Customer.objects.filter(subscriber=account):
        _subscriptions_cancel(customer_id=customer.id)
    Customer.objects.filter(subscriber=account).update(subscriber=None)
    PremiumGrant.objects.filter(user_id=account.user_id).update(email="")
    account.delete()
    entitlements_cached_forget(user_id=str(user.pk))


def _subscriptions_cancel(*, customer_id: str) -> None:
    if not settings.STRIPE_SECRET_KEY:
        return
    try:
        for subscription in stripe.Subscription.list(customer=customer_id, api_key=settings.STRIPE_SECRET_KEY):
            stripe.Subscription.cancel(subscription.id, api_key=settings.STRIPE_SECRET_KEY)
    except stripe.StripeError as exc:
        # Deleting the account while Stripe keeps charging it would be worse than asking to retry.
        logger.warning("could not cancel the subscriptions of customer %s: %s", customer_id, exc)
        raise ServiceUnavailable(
            _("We could not cancel your subscription with the payment provider; try again shortly.")
        ) from exc


# --- Usage awareness ------------------------------------------------------------------------------


def upgrade_nudge_maybe_send(*, user: User, entitlements: Entitlements) -> bool:
    """After a start leaves a free user one interview this week (``entitlements`` as of that start), suggest
    the upgrade by email, at most once a week (the cache key is the once-a-week lock)."""
    if entitlements.tier != FREE or entitlements.interviews_left_this_week != 1:
        return False
    if not cache.add(f"billing:upgrade-nudge:{user.pk}", 1, timeout=int(UPGRADE_NUDGE_EVERY.total_seconds())):
        return False
    from billing.tasks import send_upgrade_nudge_email_task

    enqueue_on_commit(send_upgrade_nudge_email_task, user_id=str(user.pk))
    return True


# --- Webhook endpoint -------------------------------------------------------------------------------

# The events that change a user's plan (dj-stripe syncs them, billing.signals follows up).
WEBHOOK_EVENTS: list[Any] = [
    "checkout.session.completed",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.paid",
    "invoice.payment_failed",
]


def webhook_endpoint_register(*, base_url: str) -> WebhookEndpoint:
    """Create the endpoint in Stripe and mirror it (with its signing secret) into
    dj-stripe, whose view verifies every delivery against that secret."""
    _require_stripe()
    djstripe_uuid = uuid.uuid4()
    url = f"{base_url.rstrip('/')}/stripe/webhook/{djstripe_uuid}/"
    created = stripe.WebhookEndpoint.create(
        api_key=settings.STRIPE_SECRET_KEY,
        url=url,
        enabled_events=WEBHOOK_EVENTS,
        metadata={"djstripe_uuid": str(djstripe_uuid)},
    )
    endpoint = WebhookEndpoint.sync_from_stripe_data(created, api_key=settings.STRIPE_SECRET_KEY)
    endpoint.djstripe_uuid = djstripe_uuid
    endpoint.secret = created["secret"]
    endpoint.save()
    return endpoint


def plan_changed(*, plan: Plan) -> None:
    """Staff edited or deleted a plan: cached entitlements and the cached plan list may describe the old one."""
    plans_cache_forget()
    logger.info(
        "plan %s changed: limits %s/%s/%s, features %s, price %s", plan.code, plan.weekly_interview_limit,
        plan.weekly_second_chance_limit, plan.daily_chat_message_limit, plan.features, plan.stripe_price_id,
    )  # fmt: skip
