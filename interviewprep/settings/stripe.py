"""Stripe through dj-stripe, whose tables live in the ``billing`` database."""

from .environment import env

STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_LIVE_MODE = STRIPE_SECRET_KEY.startswith("sk_live_")
STRIPE_TEST_SECRET_KEY = "" if STRIPE_LIVE_MODE else STRIPE_SECRET_KEY
STRIPE_LIVE_SECRET_KEY = STRIPE_SECRET_KEY if STRIPE_LIVE_MODE else ""
# Checked only by dj-stripe's system check; each registered WebhookEndpoint row
# carries the secret its signatures are verified with (see register_stripe_webhook).
DJSTRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
DJSTRIPE_FOREIGN_KEY_TO_FIELD = "id"
DJSTRIPE_USE_NATIVE_JSONFIELD = True
# The subscriber is a billing account keyed by the MongoDB user id: no
# foreign key crosses from the relational database into MongoDB.
DJSTRIPE_SUBSCRIBER_MODEL = "billing.BillingAccount"
DJSTRIPE_SUBSCRIBER_MODEL_MIGRATION_DEPENDENCY = "0001_initial"

# The Stripe Prices behind the paid plans (staff can also set them on the Plan in the admin).
STRIPE_PRICE_PREMIUM_MONTHLY = env.str("STRIPE_PRICE_PREMIUM_MONTHLY", default="")
STRIPE_PRICE_PREMIUM_YEARLY = env.str("STRIPE_PRICE_PREMIUM_YEARLY", default="")
BILLING_SUCCESS_URL = env.str("BILLING_SUCCESS_URL", default="http://localhost:5173/billing/success")
BILLING_CANCEL_URL = env.str("BILLING_CANCEL_URL", default="http://localhost:5173/billing/cancel")
BILLING_PORTAL_RETURN_URL = env.str("BILLING_PORTAL_RETURN_URL", default="http://localhost:5173/billing")
# How long "what may this user do" stays cached; webhooks and grants invalidate it sooner.
BILLING_ENTITLEMENTS_CACHE_SECONDS = env.int("BILLING_ENTITLEMENTS_CACHE_SECONDS", default=300)
