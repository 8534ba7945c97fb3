"""Builders for Stripe-shaped JSON objects (test mode), as the fake stores them.

References to other objects are stored as ids (``"customer": "cus_..."``); the server expands them
when rendering. Objects carry the current API shape (``items.data[].current_period_*``,
``invoice.parent.subscription_details``, line ``pricing``/``parent``) *and* the pre-2025-03-31
fields that dj-stripe 2.11 still reads (``subscription.current_period_*``/``plan``,
``invoice.subscription``/``paid``/``charge``/``payment_intent``, line ``price``/``subscription``),
listed in :data:`LEGACY_FIELDS` so the server can drop them on request.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Sequence
from typing import Any

JSON = dict[str, Any]

API_VERSION = "2026-08-26.dahlia"  # what stripe 15.6.2 pins
ACCOUNT_ID = "acct_1FakeStripeTestAcct"
ACCOUNT_NAME = "InterviewPrep (fake Stripe)"
DAY = 86_400
_INTERVAL_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_ALPHABET = string.ascii_letters + string.digits

LEGACY_FIELDS: dict[str, frozenset[str]] = {
    "subscription": frozenset({"current_period_start", "current_period_end", "plan", "quantity", "discount"}),
    "subscription_item": frozenset({"plan"}),
    "invoice": frozenset({"subscription", "paid", "charge", "payment_intent", "discount", "tax"}),
    "line_item": frozenset({"price", "plan", "subscription", "subscription_item", "proration", "type", "tax_rates"}),
    "charge": frozenset({"invoice"}),
}


def new_id(prefix: str, length: int = 24) -> str:
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(length))


def period_seconds(price: JSON) -> int:
    recurring = price.get("recurring") or {"interval": "month", "interval_count": 1}
    return _INTERVAL_DAYS[recurring["interval"]] * int(recurring["interval_count"]) * DAY


def list_object(data: Sequence[Any], url: str, *, has_more: bool = False, total_count: bool = False) -> JSON:
    listing: JSON = {"object": "list", "data": list(data), "has_more": has_more, "url": url}
    if total_count:
        listing["total_count"] = len(data)
    return listing


def _nulls(*names: str) -> JSON:
    return dict.fromkeys(names)


def _address() -> JSON:
    return _nulls("city", "country", "line1", "line2", "postal_code", "state")


def account(now: int) -> JSON:
    return {
        "id": ACCOUNT_ID,
        "object": "account",  # the real Account has no "livemode"
        "business_profile": {**_nulls("mcc", "support_email", "support_phone", "url"), "name": ACCOUNT_NAME},
        "business_type": None,
        "capabilities": {"card_payments": "active", "transfers": "active"},
        "charges_enabled": True,
        "controller": {"type": "account"},
        "country": "US",
        "created": now,
        "default_currency": "usd",
        "details_submitted": True,
        "email": "billing@example.com",
        "metadata": {},
        "payouts_enabled": True,
        "settings": {
            "branding": _nulls("icon", "logo", "primary_color", "secondary_color"),
            "dashboard": {"display_name": ACCOUNT_NAME, "timezone": "Etc/UTC"},
        },
        "type": "standard",
    }


def customer(now: int, fields: JSON) -> JSON:
    return {
        "id": new_id("cus_", 14),
        "object": "customer",
        "address": None,
        "balance": 0,
        "created": now,
        "currency": None,
        "default_source": None,
        "delinquent": False,
        "description": fields.get("description"),
        "discount": None,
        "email": fields.get("email"),
        "invoice_prefix": new_id("", 8).upper(),
        "invoice_settings": {**_nulls("custom_fields", "footer", "rendering_options"), "default_payment_method": None},
        "livemode": False,
        "metadata": dict(fields.get("metadata") or {}),
        "name": fields.get("name"),
        "next_invoice_sequence": 1,
        "phone": fields.get("phone"),
        "preferred_locales": list(fields.get("preferred_locales") or []),
        "shipping": None,
        "tax_exempt": "none",
        "test_clock": None,
    }


def product(now: int, fields: JSON) -> JSON:
    return {
        "id": fields.get("id") or new_id("prod_", 14),
        "object": "product",
        "active": fields.get("active", True),
        "attributes": [],
        "created": now,
        "default_price": None,
        "description": fields.get("description"),
        "images": [],
        "livemode": False,
        "marketing_features": [],
        "metadata": dict(fields.get("metadata") or {}),
        "name": fields["name"],
        "package_dimensions": None,
        "shippable": None,
        "statement_descriptor": None,
        "tax_code": None,
        "type": "service",
        "unit_label": None,
        "updated": now,
        "url": None,
    }


def price(now: int, fields: JSON) -> JSON:
    interval = fields.get("interval")
    recurring = None
    if interval:
        recurring = {
            "interval": interval,
            "interval_count": int(fields.get("interval_count") or 1),
            "meter": None,
            "trial_period_days": None,
            "usage_type": "licensed",
        }
    unit_amount = int(fields["unit_amount"])
    return {
        "id": fields.get("id") or new_id("price_"),
        "object": "price",
        "active": fields.get("active", True),
        "billing_scheme": "per_unit",
        "created": now,
        "currency": str(fields.get("currency") or "usd").lower(),
        "custom_unit_amount": None,
        "livemode": False,
        "lookup_key": fields.get("lookup_key"),
        "metadata": dict(fields.get("metadata") or {}),
        "nickname": fields.get("nickname"),
        "product": fields["product"],
        "recurring": recurring,
        "tax_behavior": "unspecified",
        "tiers_mode": None,
        "transform_quantity": None,
        "type": "recurring" if recurring else "one_time",
        "unit_amount": unit_amount,
        "unit_amount_decimal": str(unit_amount),
    }


def plan(price_: JSON) -> JSON:
    """The legacy Plan view of a recurring Price (same id, as Stripe serves it at /v1/plans/price_...)."""
    recurring = price_["recurring"]
    return {
        "id": price_["id"],
        "object": "plan",
        "active": price_["active"],
        "amount": price_["unit_amount"],
        "amount_decimal": price_["unit_amount_decimal"],
        "billing_scheme": "per_unit",
        "created": price_["created"],
        "currency": price_["currency"],
        "interval": recurring["interval"],
        "interval_count": recurring["interval_count"],
        "livemode": False,
        "metadata": price_["metadata"],
        "meter": None,
        "nickname": price_["nickname"],
        "product": price_["product"],
        "tiers_mode": None,
        "transform_usage": None,
        "trial_period_days": None,
        "usage_type": "licensed",
    }


def payment_method(now: int, customer_: JSON) -> JSON:
    return {
        "id": new_id("pm_"),
        "object": "payment_method",
        "allow_redisplay": "unspecified",
        "billing_details": {
            "address": _address(),
            "email": customer_["email"],
            "name": customer_["name"],
            "phone": None,
            "tax_id": None,
        },
        "card": {
            "brand": "visa",
            "checks": {"address_line1_check": None, "address_postal_code_check": None, "cvc_check": "pass"},
            "country": "US",
            "display_brand": "visa",
            "exp_month": 12,
            "exp_year": 2034,
            "fingerprint": new_id("", 16),
            "funding": "credit",
            "generated_from": None,
            "last4": "4242",
            "networks": {"available": ["visa"], "preferred": None},
            "three_d_secure_usage": {"supported": True},
            "wallet": None,
        },
        "created": now,
        "customer": customer_["id"],
        "livemode": False,
        "metadata": {},
        "type": "card",
    }


def checkout_item(price_: JSON, quantity: int, product_name: str) -> JSON:
    amount = price_["unit_amount"] * quantity
    return {
        "id": new_id("li_"),
        "object": "item",
        "amount_discount": 0,
        "amount_subtotal": amount,
        "amount_tax": 0,
        "amount_total": amount,
        "currency": price_["currency"],
        "description": product_name,
        "price": price_["id"],
        "quantity": quantity,
    }


def checkout_session(now: int, fields: JSON, items: list[JSON], url_base: str) -> JSON:
    session_id = new_id("cs_test_a1", 56)
    total = sum(item["amount_total"] for item in items)
    return {
        "id": session_id,
        "object": "checkout.session",
        "after_expiration": None,
        "allow_promotion_codes": fields.get("allow_promotion_codes") == "true" or None,
        "amount_subtotal": total,
        "amount_total": total,
        "automatic_tax": {"enabled": False, "liability": None, "status": None},
        "billing_address_collection": fields.get("billing_address_collection"),
        "cancel_url": fields.get("cancel_url"),
        "client_reference_id": fields.get("client_reference_id"),
        "client_secret": None,
        "consent": None,
        "created": now,
        "currency": items[0]["currency"] if items else None,
        "custom_fields": [],
        "customer": fields.get("customer"),
        "customer_creation": None if fields.get("customer") else "always",
        "customer_details": None,
        "customer_email": fields.get("customer_email"),
        "expires_at": now + DAY,
        "invoice": None,
        "line_items": list_object(items, f"/v1/checkout/sessions/{session_id}/line_items"),  # only when expanded
        "livemode": False,
        "locale": fields.get("locale"),
        "metadata": dict(fields.get("metadata") or {}),
        "mode": fields["mode"],
        "payment_intent": None,
        "payment_link": None,
        "payment_method_collection": "always",
        "payment_method_types": ["card"],
        "payment_status": "unpaid",
        "phone_number_collection": {"enabled": False},
        "recovered_from": None,
        "setup_intent": None,
        "shipping_address_collection": None,
        "shipping_cost": None,
        "status": "open",
        "submit_type": None,
        "subscription": None,
        "success_url": fields.get("success_url"),
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        "ui_mode": "hosted",
        "url": f"{url_base}/c/pay/{session_id}",
    }


def portal_session(now: int, customer_id: str, return_url: str | None, url_base: str) -> JSON:
    session_id = new_id("bps_")
    return {
        "id": session_id,
        "object": "billing_portal.session",
        "configuration": "bpc_1FakeDefaultPortalConf",
        "created": now,
        "customer": customer_id,
        "flow": None,
        "livemode": False,
        "locale": None,
        "on_behalf_of": None,
        "return_url": return_url,
        "url": f"{url_base}/p/session/{session_id}",
    }


def subscription_item(now: int, subscription_id: str, price_: JSON, quantity: int, start: int, end: int) -> JSON:
    return {
        "id": new_id("si_", 14),
        "object": "subscription_item",
        "billing_thresholds": None,
        "created": now,
        "current_period_end": end,
        "current_period_start": start,
        "discounts": [],
        "metadata": {},
        "plan": price_["id"],  # legacy; rendered as the Plan view of the price
        "price": price_["id"],
        "quantity": quantity,
        "subscription": subscription_id,
        "tax_rates": [],
    }


def subscription(now: int, subscription_id: str, customer_id: str, items: list[JSON], fields: JSON) -> JSON:
    first = items[0]
    return {
        "id": subscription_id,
        "object": "subscription",
        "application": None,
        "application_fee_percent": None,
        "automatic_tax": {"disabled_reason": None, "enabled": False, "liability": None},
        "billing_cycle_anchor": first["current_period_start"],
        "billing_cycle_anchor_config": None,
        "billing_thresholds": None,
        "cancel_at": None,
        "cancel_at_period_end": False,
        "canceled_at": None,
        "cancellation_details": _nulls("comment", "feedback", "reason"),
        "collection_method": "charge_automatically",
        "created": now,
        "currency": fields["currency"],
        "current_period_end": first["current_period_end"],  # legacy
        "current_period_start": first["current_period_start"],  # legacy
        "customer": customer_id,
        "days_until_due": None,
        "default_payment_method": fields.get("default_payment_method"),
        "default_source": None,
        "default_tax_rates": [],
        "description": fields.get("description"),
        "discount": None,  # legacy
        "discounts": [],
        "ended_at": None,
        "invoice_settings": {"account_tax_ids": None, "issuer": {"type": "self"}},
        "items": list_object(
            [item["id"] for item in items], f"/v1/subscription_items?subscription={subscription_id}", total_count=True
        ),
        "latest_invoice": None,
        "livemode": False,
        "metadata": dict(fields.get("metadata") or {}),
        "next_pending_invoice_item_invoice": None,
        "on_behalf_of": None,
        "pause_collection": None,
        "payment_settings": {
            "payment_method_options": None,
            "payment_method_types": None,
            "save_default_payment_method": "off",
        },
        "pending_invoice_item_interval": None,
        "pending_setup_intent": None,
        "pending_update": None,
        "plan": first["price"],  # legacy; rendered as a Plan
        "quantity": first["quantity"],  # legacy
        "schedule": None,
        "start_date": now,
        "status": fields.get("status", "active"),
        "test_clock": None,
        "transfer_data": None,
        "trial_end": fields.get("trial_end"),
        "trial_settings": {"end_behavior": {"missing_payment_method": "create_invoice"}},
        "trial_start": fields.get("trial_start"),
    }


def invoice_line(invoice_id: str, item: JSON, price_: JSON, amount: int, description: str) -> JSON:
    return {
        "id": new_id("il_"),
        "object": "line_item",
        "amount": amount,
        "currency": price_["currency"],
        "description": description,
        "discount_amounts": [],
        "discountable": True,
        "discounts": [],
        "invoice": invoice_id,
        "invoice_item": None,
        "livemode": False,
        "metadata": {},
        "parent": {
            "invoice_item_details": None,
            "subscription_item_details": {
                "invoice_item": None,
                "proration": False,
                "proration_details": {"credited_items": None},
                "subscription": item["subscription"],
                "subscription_item": item["id"],
            },
            "type": "subscription_item_details",
        },
        "period": {"end": item["current_period_end"], "start": item["current_period_start"]},
        "plan": price_["id"],  # legacy
        "pretax_credit_amounts": [],
        "price": price_["id"],  # legacy
        "pricing": {
            "price_details": {"price": price_["id"], "product": price_["product"]},
            "type": "price_details",
            "unit_amount_decimal": price_["unit_amount_decimal"],
        },
        "proration": False,  # legacy
        "quantity": item["quantity"],
        "subscription": item["subscription"],  # legacy
        "subscription_item": item["id"],  # legacy
        "tax_amounts": [],
        "tax_rates": [],  # legacy
        "taxes": [],
        "type": "subscription",  # legacy
    }


def invoice(now: int, invoice_id: str, customer_: JSON, subscription_: JSON, lines: list[JSON], fields: JSON) -> JSON:
    """``fields``: billing_reason, paid (bool), attempted (bool), payment_intent, charge, period (start, end)."""
    total = sum(line["amount"] for line in lines)
    paid = bool(fields["paid"])
    start, end = fields["period"]
    number = f"{customer_['invoice_prefix']}-{customer_['next_invoice_sequence']:04d}"
    return {
        "id": invoice_id,
        "object": "invoice",
        "account_country": "US",
        "account_name": ACCOUNT_NAME,
        "account_tax_ids": None,
        "amount_due": total,
        "amount_overpaid": 0,
        "amount_paid": total if paid else 0,
        "amount_remaining": 0 if paid else total,
        "amount_shipping": 0,
        "application": None,
        "attempt_count": 1 if fields["attempted"] else 0,
        "attempted": bool(fields["attempted"]),
        "auto_advance": not paid,
        "automatic_tax": {
            "disabled_reason": None,
            "enabled": False,
            "liability": None,
            "provider": None,
            "status": None,
        },
        "automatically_finalizes_at": None,
        "billing_reason": fields["billing_reason"],
        "charge": fields.get("charge"),  # legacy
        "collection_method": "charge_automatically",
        "confirmation_secret": None,
        "created": now,
        "currency": subscription_["currency"],
        "custom_fields": None,
        "customer": customer_["id"],
        "customer_address": None,
        "customer_email": customer_["email"],
        "customer_name": customer_["name"],
        "customer_phone": None,
        "customer_shipping": None,
        "customer_tax_exempt": "none",
        "customer_tax_ids": [],
        "default_payment_method": None,
        "default_source": None,
        "default_tax_rates": [],
        "description": None,
        "discount": None,  # legacy
        "discounts": [],
        "due_date": None,
        "effective_at": now,
        "ending_balance": 0,
        "footer": None,
        "from_invoice": None,
        "hosted_invoice_url": f"https://invoice.stripe.com/i/acct_fake/test_{invoice_id}",
        "invoice_pdf": f"https://pay.stripe.com/invoice/acct_fake/test_{invoice_id}/pdf",
        "issuer": {"type": "self"},
        "last_finalization_error": None,
        "latest_revision": None,
        "lines": list_object(lines, f"/v1/invoices/{invoice_id}/lines", total_count=True),
        "livemode": False,
        "metadata": {},
        "next_payment_attempt": None if paid else now + 3 * DAY,
        "number": number,
        "on_behalf_of": None,
        "paid": paid,  # legacy
        "paid_out_of_band": False,
        "parent": {
            "quote_details": None,
            "subscription_details": {"metadata": dict(subscription_["metadata"]), "subscription": subscription_["id"]},
            "type": "subscription_details",
        },
        "payment_intent": fields.get("payment_intent"),  # legacy
        "payment_settings": _nulls("default_mandate", "payment_method_options", "payment_method_types"),
        "period_end": end,
        "period_start": start,
        "post_payment_credit_notes_amount": 0,
        "pre_payment_credit_notes_amount": 0,
        "receipt_number": None,
        "rendering": None,
        "shipping_cost": None,
        "shipping_details": None,
        "starting_balance": 0,
        "statement_descriptor": None,
        "status": "paid" if paid else "open",
        "status_transitions": {
            "finalized_at": now,
            "marked_uncollectible_at": None,
            "paid_at": now if paid else None,
            "voided_at": None,
        },
        "subscription": subscription_["id"],  # legacy
        "subtotal": total,
        "subtotal_excluding_tax": total,
        "tax": None,  # legacy
        "test_clock": None,
        "total": total,
        "total_discount_amounts": [],
        "total_excluding_tax": total,
        "total_pretax_credit_amounts": [],
        "total_taxes": [],
        "webhooks_delivered_at": now,
    }


_DECLINE = {"code": "card_declined", "decline_code": "generic_decline", "message": "Your card was declined."}


def payment_intent(now: int, fields: JSON) -> JSON:
    """``fields``: amount, currency, customer, payment_method, succeeded (bool), latest_charge, description."""
    pi_id = new_id("pi_")
    succeeded = bool(fields["succeeded"])
    error = (
        None if succeeded else {**_DECLINE, "type": "card_error", "payment_method": {"id": fields["payment_method"]}}
    )
    return {
        "id": pi_id,
        "object": "payment_intent",
        "amount": fields["amount"],
        "amount_capturable": 0,
        "amount_details": {"tip": {}},
        "amount_received": fields["amount"] if succeeded else 0,
        "application": None,
        "application_fee_amount": None,
        "automatic_payment_methods": None,
        "canceled_at": None,
        "cancellation_reason": None,
        "capture_method": "automatic",
        "client_secret": f"{pi_id}_secret_{new_id('', 24)}",
        "confirmation_method": "automatic",
        "created": now,
        "currency": fields["currency"],
        "customer": fields["customer"],
        "description": fields.get("description"),
        "last_payment_error": error,
        "latest_charge": fields.get("latest_charge"),
        "livemode": False,
        "metadata": {},
        "next_action": None,
        "on_behalf_of": None,
        "payment_method": fields["payment_method"] if succeeded else None,
        "payment_method_options": {},
        "payment_method_types": ["card"],
        "processing": None,
        "receipt_email": None,
        "review": None,
        "setup_future_usage": None,
        "shipping": None,
        "source": None,
        "statement_descriptor": None,
        "statement_descriptor_suffix": None,
        "status": "succeeded" if succeeded else "requires_payment_method",
        "transfer_data": None,
        "transfer_group": None,
    }


def charge(now: int, payment_intent_: JSON, payment_method_: JSON | None, invoice_id: str, succeeded: bool) -> JSON:
    amount = payment_intent_["amount"]
    card = (payment_method_ or {}).get("card") or {}
    return {
        "id": new_id("ch_"),
        "object": "charge",
        "amount": amount,
        "amount_captured": amount if succeeded else 0,
        "amount_refunded": 0,
        "application": None,
        "application_fee": None,
        "application_fee_amount": None,
        "balance_transaction": None,
        "billing_details": (payment_method_ or {}).get("billing_details"),
        "calculated_statement_descriptor": "INTERVIEWPREP",
        "captured": succeeded,
        "created": now,
        "currency": payment_intent_["currency"],
        "customer": payment_intent_["customer"],
        "description": payment_intent_["description"],
        "disputed": False,
        "failure_balance_transaction": None,
        "failure_code": None if succeeded else _DECLINE["code"],
        "failure_message": None if succeeded else _DECLINE["message"],
        "fraud_details": {},
        "invoice": invoice_id,  # legacy
        "livemode": False,
        "metadata": {},
        "on_behalf_of": None,
        "outcome": {
            "network_status": "approved_by_network" if succeeded else "declined_by_network",
            "reason": None if succeeded else _DECLINE["decline_code"],
            "risk_level": "normal",
            "seller_message": "Payment complete." if succeeded else "The bank did not return any further details.",
            "type": "authorized" if succeeded else "issuer_declined",
        },
        "paid": succeeded,
        "payment_intent": payment_intent_["id"],
        "payment_method": (payment_method_ or {}).get("id"),
        "payment_method_details": {
            "card": {k: card.get(k) for k in ("brand", "country", "exp_month", "exp_year", "funding", "last4")},
            "type": "card",
        },
        "receipt_email": None,
        "receipt_number": None,
        "receipt_url": None,
        "refunded": False,
        "review": None,
        "shipping": None,
        "source": None,
        "source_transfer": None,
        "statement_descriptor": None,
        "statement_descriptor_suffix": None,
        "status": "succeeded" if succeeded else "failed",
        "transfer_data": None,
        "transfer_group": None,
    }


def event(now: int, type_: str, data_object: JSON, previous_attributes: JSON | None) -> JSON:
    data: JSON = {"object": data_object}
    if previous_attributes is not None:
        data["previous_attributes"] = previous_attributes
    return {
        "id": new_id("evt_"),
        "object": "event",
        "api_version": API_VERSION,
        "created": now,
        "data": data,
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": type_,
    }


def strip_legacy(node: Any) -> None:
    """Drop :data:`LEGACY_FIELDS` from every object in ``node``, in place."""
    if isinstance(node, list):
        for item in node:
            strip_legacy(item)
    elif isinstance(node, dict):
        for key in LEGACY_FIELDS.get(node.get("object", ""), ()):
            node.pop(key, None)
        for value in node.values():
            strip_legacy(value)


def webhook_endpoint(now: int, fields: JSON) -> JSON:
    """A webhook endpoint as POST /v1/webhook_endpoints returns it: the only time Stripe shows the secret."""
    return {
        "id": new_id("we_", 24),
        "object": "webhook_endpoint",
        "api_version": fields.get("api_version") or API_VERSION,
        "application": None,
        "created": now,
        "description": fields.get("description"),
        "enabled_events": list(fields.get("enabled_events") or ["*"]),
        "livemode": False,
        "metadata": dict(fields.get("metadata") or {}),
        "secret": "whsec_" + new_id("", 32),
        "status": "enabled",
        "url": fields.get("url"),
    }
