"""Stripe through dj-stripe, whose tables live in the ``billing`` database."""

from .environment import env

STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_LIVE_MODE = STRIPE_SECRET_KEY.startswith("sk_live_")
STRIPE_TEST_SECRET_KEY = "" if STRIPE_LIVE_MODE else STRIPE_SECRET_KEY
STRIPE_LIVE_SECRET_KEY = STRIPE_SECRET_KEY if STRIPE_LIVE_MODE else ""
DJSTRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
DJSTRIPE_FOREIGN_KEY_TO_FIELD = "id"
DJSTRIPE_USE_NATIVE_JSONFIELD = True
# The subscriber is a billing account keyed by the MongoDB user id: no
# foreign key crosses from the relational database into MongoDB.
DJSTRIPE_SUBSCRIBER_MODEL = "billing.BillingAccount"
DJSTRIPE_SUBSCRIBER_MODEL_MIGRATION_DEPENDENCY = "0001_initial"
