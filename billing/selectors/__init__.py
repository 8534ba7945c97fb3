"""Billing reads, by concern: plan rules (``plans``), what a user may do now (``entitlements``),
usage counters (``usage``), subscriptions and grants (``subscriptions``) and Stripe payload parsing
(``stripe_payloads``). Other apps use the gates and plan lookups exported here."""

from billing.selectors.entitlements import entitlements_for, feature_require, plan_for, plan_tier_for

__all__ = ["entitlements_for", "feature_require", "plan_for", "plan_tier_for"]
