"""The REST surface of the fake: one handler per Stripe endpoint, plus two browser pages.

Handlers run with the server lock held, take the decoded parameters and path ids, and return the
JSON body, a :class:`Redirect`, or raise :class:`StripeError`. ``GET /c/pay/{session}`` (a Checkout
Session's ``url``) completes it (subscription mode) and redirects to its ``success_url`` (``?cancel=1``: to
``cancel_url``); ``GET /p/session/{session}`` (a portal session's ``url``) redirects to ``return_url``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from . import objects
from .objects import JSON

if TYPE_CHECKING:
    from .server import FakeStripeServer

_LABELS = {"payment_method": "PaymentMethod", "subscription_item": "subscription item"}
_LIVE_SUBSCRIPTIONS = frozenset({"active", "past_due", "trialing", "unpaid", "incomplete", "paused"})


class StripeError(Exception):
    """An API error: handlers raise it, clients receive Stripe's ``{"error": {...}}`` body."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        error_type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        should_retry: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.should_retry = should_retry
        fields = {"type": error_type, "message": message, "code": code, "param": param}
        self.body: JSON = {"error": {key: value for key, value in fields.items() if value is not None}}


@dataclass(frozen=True)
class Redirect:
    location: str


Handler = Callable[..., "JSON | Redirect"]
_F = TypeVar("_F", bound=Handler)
ROUTES: list[tuple[str, re.Pattern[str], Handler]] = []


def _route(method: str, template: str) -> Callable[[_F], _F]:
    pattern = re.compile(re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template) + "$")

    def register(handler: _F) -> _F:
        ROUTES.append((method, pattern, handler))
        return handler

    return register


def missing(object_type: str, object_id: str, *, param: str = "id", status: int = 404) -> StripeError:
    label = _LABELS.get(object_type, object_type)
    return StripeError(status, f"No such {label}: '{object_id}'", code="resource_missing", param=param)


def _bool(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def expand_param(params: JSON) -> list[str]:
    expand = params.get("expand") or []
    return [expand] if isinstance(expand, str) else list(expand)


def _update(obj: JSON, params: JSON, fields: Iterable[str]) -> None:
    """Stripe update semantics: an empty string unsets; metadata merges key by key."""
    for field in fields:
        if field in params:
            obj[field] = None if params[field] == "" else params[field]
    metadata = params.get("metadata")
    if metadata == "":
        obj["metadata"] = {}
    elif isinstance(metadata, dict):
        for key, value in metadata.items():
            if value == "":
                obj["metadata"].pop(key, None)
            else:
                obj["metadata"][key] = value


def _retrieve(fake: FakeStripeServer, object_type: str, object_id: str, params: JSON) -> JSON:
    return fake._render(fake._find(object_type, object_id), expand_param(params))


# account


@_route("GET", "/v1/account")
def get_account(fake: FakeStripeServer, params: JSON) -> JSON:
    return _retrieve(fake, "account", objects.ACCOUNT_ID, params)


@_route("GET", "/v1/accounts/{oid}")
def get_accounts(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    return _retrieve(fake, "account", oid, params)


# customers


@_route("POST", "/v1/customers")
def post_customers(fake: FakeStripeServer, params: JSON) -> JSON:
    customer = fake._put(objects.customer(int(time.time()), params))
    _customer_settings(fake, customer, params)
    return fake._render(customer, expand_param(params))


@_route("GET", "/v1/customers")
def list_customers(fake: FakeStripeServer, params: JSON) -> JSON:
    return fake._list("/v1/customers", fake._all("customer", email=params.get("email")), params)


@_route("GET", "/v1/customers/{oid}")
def get_customer(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    customer = fake._objects.get(oid)
    if customer and customer["object"] == "customer" and customer.get("deleted"):
        return dict(customer)  # Stripe still answers for deleted customers
    return _retrieve(fake, "customer", oid, params)


@_route("POST", "/v1/customers/{oid}")
def post_customer(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    customer = fake._find("customer", oid)
    _update(customer, params, ("email", "name", "description", "phone"))
    _customer_settings(fake, customer, params)
    return fake._render(customer, expand_param(params))


def _customer_settings(fake: FakeStripeServer, customer: JSON, params: JSON) -> None:
    settings = params.get("invoice_settings")
    if isinstance(settings, dict) and "default_payment_method" in settings:
        method_id = settings["default_payment_method"] or None
        if method_id:
            fake._find("payment_method", method_id, param="invoice_settings[default_payment_method]", status=400)
        customer["invoice_settings"]["default_payment_method"] = method_id


@_route("DELETE", "/v1/customers/{oid}")
def delete_customer(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    fake._find("customer", oid)
    now = int(time.time())
    for subscription in fake._all("subscription", customer=oid):  # Stripe cancels them at once
        if subscription["status"] != "canceled":
            subscription.update(status="canceled", canceled_at=subscription["canceled_at"] or now, ended_at=now)
    return dict(fake._put({"id": oid, "object": "customer", "deleted": True}))


@_route("GET", "/v1/customers/{oid}/payment_methods")
def list_customer_payment_methods(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    fake._find("customer", oid)
    methods = fake._all("payment_method", customer=oid, type=params.get("type"))
    return fake._list(f"/v1/customers/{oid}/payment_methods", methods, params)


# products, prices, plans


@_route("POST", "/v1/products")
def post_products(fake: FakeStripeServer, params: JSON) -> JSON:
    if not params.get("name"):
        raise StripeError(400, "Missing required param: name.", code="parameter_missing", param="name")
    return fake._render(fake._put(objects.product(int(time.time()), params)), expand_param(params))


@_route("GET", "/v1/products")
def list_products(fake: FakeStripeServer, params: JSON) -> JSON:
    active = _bool(params["active"]) if "active" in params else None
    return fake._list("/v1/products", fake._all("product", active=active), params)


@_route("GET", "/v1/products/{oid}")
def get_product(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    return _retrieve(fake, "product", oid, params)


@_route("GET", "/v1/products/{oid}/features")
def list_product_features(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    fake._find("product", oid)
    return objects.list_object([], f"/v1/products/{oid}/features")


@_route("POST", "/v1/prices")
def post_prices(fake: FakeStripeServer, params: JSON) -> JSON:
    if "unit_amount" not in params:
        raise StripeError(400, "The fake needs unit_amount to create a price.", param="unit_amount")
    recurring = params.get("recurring") or {}
    fields = {**params, "interval": recurring.get("interval"), "interval_count": recurring.get("interval_count")}
    if not fields.get("product") and isinstance(params.get("product_data"), dict):
        fields["product"] = fake._put(objects.product(int(time.time()), params["product_data"]))["id"]
    return fake._render(fake._new_price(fields), expand_param(params))


@_route("GET", "/v1/prices")
def list_prices(fake: FakeStripeServer, params: JSON) -> JSON:
    active = _bool(params["active"]) if "active" in params else None
    prices = fake._all(
        "price", active=active, product=params.get("product"), type=params.get("type"), currency=params.get("currency")
    )
    lookup_keys = params.get("lookup_keys")
    if lookup_keys is not None:
        keys = {lookup_keys} if isinstance(lookup_keys, str) else set(lookup_keys)
        prices = [price for price in prices if price["lookup_key"] in keys]
    return fake._list("/v1/prices", prices, params)


@_route("GET", "/v1/prices/{oid}")
def get_price(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    return _retrieve(fake, "price", oid, params)


@_route("GET", "/v1/plans/{oid}")
def get_plan(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    price = fake._objects.get(oid)
    if price is None or price["object"] != "price" or price["type"] != "recurring":
        raise missing("plan", oid)
    plan = objects.plan(price)
    for path in expand_param(params):
        fake._expand(plan, path.split("."))
    return plan


# checkout and the customer portal


@_route("POST", "/v1/checkout/sessions")
def post_checkout_sessions(fake: FakeStripeServer, params: JSON) -> JSON:
    mode = params.get("mode")
    if mode not in ("payment", "subscription", "setup"):
        raise StripeError(400, "Missing or invalid param: mode.", code="parameter_missing", param="mode")
    if params.get("customer") and params.get("customer_email"):
        message = "You may only specify one of these parameters: customer, customer_email."
        raise StripeError(400, message, param="customer_email")
    if params.get("customer"):
        fake._find("customer", params["customer"], param="customer", status=400)
    items = []
    for index, spec in enumerate(params.get("line_items") or []):
        param = f"line_items[{index}][price]"
        if not spec.get("price"):
            raise StripeError(400, "The fake needs line_items[][price] (no price_data).", param=param)
        price = fake._find("price", spec["price"], param=param, status=400)
        if mode == "payment" and price["type"] == "recurring":
            message = (
                "You specified `payment` mode but passed a recurring price. "
                "Either switch to `subscription` mode or use only one-time prices."
            )
            raise StripeError(400, message, param=param)
        product = fake._objects[price["product"]]
        items.append(objects.checkout_item(price, int(spec.get("quantity") or 1), product["name"]))
    if mode == "subscription" and not any(fake._objects[item["price"]]["type"] == "recurring" for item in items):
        message = "You must provide at least one recurring price in `subscription` mode when using prices."
        raise StripeError(400, message, param="line_items")
    if mode == "payment" and not items:
        raise StripeError(400, "Missing required param: line_items.", code="parameter_missing", param="line_items")
    session = fake._put(objects.checkout_session(int(time.time()), params, items, fake.base_url))
    fake._subscription_data[session["id"]] = dict(params.get("subscription_data") or {})
    return fake._render(session, expand_param(params))


@_route("GET", "/v1/checkout/sessions")
def list_checkout_sessions(fake: FakeStripeServer, params: JSON) -> JSON:
    sessions = fake._all(
        "checkout.session",
        customer=params.get("customer"),
        subscription=params.get("subscription"),
        status=params.get("status"),
    )
    return fake._list("/v1/checkout/sessions", sessions, params)


@_route("GET", "/v1/checkout/sessions/{oid}")
def get_checkout_session(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    return _retrieve(fake, "checkout.session", oid, params)


@_route("GET", "/v1/checkout/sessions/{oid}/line_items")
def list_checkout_line_items(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    session = fake._find("checkout.session", oid)
    return fake._list(f"/v1/checkout/sessions/{oid}/line_items", session["line_items"]["data"], params)


@_route("POST", "/v1/billing_portal/sessions")
def post_portal_sessions(fake: FakeStripeServer, params: JSON) -> JSON:
    if not params.get("customer"):
        raise StripeError(400, "Missing required param: customer.", code="parameter_missing", param="customer")
    customer = fake._find("customer", params["customer"], param="customer", status=400)
    session = objects.portal_session(int(time.time()), customer["id"], params.get("return_url"), fake.base_url)
    return fake._render(fake._put(session), expand_param(params))


@_route("GET", "/c/pay/{oid}")
def checkout_page(fake: FakeStripeServer, params: JSON, oid: str) -> JSON | Redirect:
    session = fake._find("checkout.session", oid)
    if params.get("cancel"):
        url = session["cancel_url"]
    else:
        if session["status"] == "open" and session["mode"] == "subscription":
            fake.complete_checkout(oid)
        url = session["success_url"]
    return Redirect(url.replace("{CHECKOUT_SESSION_ID}", oid)) if url else fake._render(session)


@_route("GET", "/p/session/{oid}")
def portal_page(fake: FakeStripeServer, params: JSON, oid: str) -> JSON | Redirect:
    session = fake._find("billing_portal.session", oid)
    return Redirect(session["return_url"]) if session["return_url"] else fake._render(session)


# subscriptions


@_route("POST", "/v1/subscriptions")
def post_subscriptions(fake: FakeStripeServer, params: JSON) -> JSON:
    customer = fake._find("customer", str(params.get("customer") or ""), param="customer", status=400)
    items = []
    for index, spec in enumerate(params.get("items") or []):
        price = fake._find("price", str(spec.get("price") or ""), param=f"items[{index}][price]", status=400)
        items.append((price, int(spec.get("quantity") or 1)))
    if not items:
        raise StripeError(400, "Missing required param: items.", code="parameter_missing", param="items")
    subscription, _ = fake._start_subscription(customer, items, params)
    return fake._render(subscription, expand_param(params))


@_route("GET", "/v1/subscriptions")
def list_subscriptions(fake: FakeStripeServer, params: JSON) -> JSON:
    status = params.get("status")
    subscriptions = fake._all("subscription", customer=params.get("customer"))
    if status is None:
        subscriptions = [sub for sub in subscriptions if sub["status"] in _LIVE_SUBSCRIPTIONS]
    elif status != "all":
        subscriptions = [sub for sub in subscriptions if sub["status"] == status]
    if params.get("price"):
        subscriptions = [sub for sub in subscriptions if any(i["price"] == params["price"] for i in fake._items(sub))]
    return fake._list("/v1/subscriptions", subscriptions, params)


@_route("GET", "/v1/subscriptions/{oid}")
def get_subscription(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    return _retrieve(fake, "subscription", oid, params)


@_route("POST", "/v1/subscriptions/{oid}")
def post_subscription(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    subscription = fake._find("subscription", oid)
    now = int(time.time())
    if subscription["status"] == "canceled" and set(params) - {"metadata", "cancellation_details", "expand"}:
        message = "A canceled subscription can only update its cancellation_details and metadata."
        raise StripeError(400, message)
    _update(subscription, params, ("description",))
    if "cancel_at_period_end" in params or "cancel_at" in params:
        at_period_end = _bool(params.get("cancel_at_period_end"))
        requested = fake._items(subscription)[0]["current_period_end"] if at_period_end else params.get("cancel_at")
        cancel_at = int(requested) if requested else None
        subscription.update(
            cancel_at=cancel_at,
            cancel_at_period_end=at_period_end,
            canceled_at=now if cancel_at else None,
        )
        subscription["cancellation_details"]["reason"] = "cancellation_requested" if cancel_at else None
    details = params.get("cancellation_details")
    if isinstance(details, dict):
        for key in ("comment", "feedback"):
            if key in details:
                subscription["cancellation_details"][key] = details[key] or None
    if "default_payment_method" in params:
        method_id = params["default_payment_method"] or None
        if method_id:
            fake._find("payment_method", method_id, param="default_payment_method", status=400)
        subscription["default_payment_method"] = method_id
    for index, spec in enumerate(params.get("items") or []):
        _update_item(fake, subscription, index, spec)
    return fake._render(subscription, expand_param(params))


def _update_item(fake: FakeStripeServer, subscription: JSON, index: int, spec: JSON) -> None:
    item_ids: list[str] = subscription["items"]["data"]
    if spec.get("id"):
        if spec["id"] not in item_ids:
            raise missing("subscription_item", spec["id"], param=f"items[{index}][id]", status=400)
        item = fake._objects[spec["id"]]
        if _bool(spec.get("deleted")):
            item_ids.remove(item["id"])
            del fake._objects[item["id"]]
            return
    else:
        first = fake._objects[item_ids[0]]
        price = fake._find("price", str(spec.get("price") or ""), param=f"items[{index}][price]", status=400)
        start, end = first["current_period_start"], first["current_period_end"]
        item = fake._put(objects.subscription_item(int(time.time()), subscription["id"], price, 1, start, end))
        item_ids.append(item["id"])
    if spec.get("price"):
        price = fake._find("price", spec["price"], param=f"items[{index}][price]", status=400)
        item.update(price=price["id"], plan=price["id"])
    if spec.get("quantity"):
        item["quantity"] = int(spec["quantity"])
    first = fake._objects[item_ids[0]]
    subscription.update(plan=first["price"], quantity=first["quantity"])
    subscription["items"]["total_count"] = len(item_ids)


@_route("DELETE", "/v1/subscriptions/{oid}")
def delete_subscription(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    subscription = fake._find("subscription", oid)
    if subscription["status"] != "canceled":
        now = int(time.time())
        subscription.update(status="canceled", canceled_at=subscription["canceled_at"] or now, ended_at=now)
        subscription["cancellation_details"]["reason"] = "cancellation_requested"
    return fake._render(subscription, expand_param(params))


@_route("GET", "/v1/subscription_items")
def list_subscription_items(fake: FakeStripeServer, params: JSON) -> JSON:
    subscription_id = str(params.get("subscription") or "")
    subscription = fake._find("subscription", subscription_id, param="subscription", status=400)
    return fake._list(f"/v1/subscription_items?subscription={subscription_id}", fake._items(subscription), params)


@_route("GET", "/v1/subscription_items/{oid}")
def get_subscription_item(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    return _retrieve(fake, "subscription_item", oid, params)


# invoices, payments, events


@_route("GET", "/v1/invoices")
def list_invoices(fake: FakeStripeServer, params: JSON) -> JSON:
    invoices = fake._all(
        "invoice", customer=params.get("customer"), subscription=params.get("subscription"), status=params.get("status")
    )
    return fake._list("/v1/invoices", invoices, params)


@_route("GET", "/v1/invoices/{oid}")
def get_invoice(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    return _retrieve(fake, "invoice", oid, params)


@_route("GET", "/v1/invoices/{oid}/lines")
def list_invoice_lines(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    lines = fake._render(fake._find("invoice", oid))["lines"]["data"]
    return fake._list(f"/v1/invoices/{oid}/lines", lines, params)


@_route("GET", "/v1/payment_intents/{oid}")
def get_payment_intent(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    return _retrieve(fake, "payment_intent", oid, params)


@_route("GET", "/v1/charges/{oid}")
def get_charge(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    return _retrieve(fake, "charge", oid, params)


@_route("GET", "/v1/payment_methods")
def list_payment_methods(fake: FakeStripeServer, params: JSON) -> JSON:
    methods = fake._all("payment_method", customer=params.get("customer"), type=params.get("type"))
    return fake._list("/v1/payment_methods", methods, params)


@_route("GET", "/v1/payment_methods/{oid}")
def get_payment_method(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    return _retrieve(fake, "payment_method", oid, params)


@_route("GET", "/v1/events")
def list_events(fake: FakeStripeServer, params: JSON) -> JSON:
    events = fake._all("event", type=params.get("type"))
    types = params.get("types")
    if types:
        wanted = {types} if isinstance(types, str) else set(types)
        events = [event for event in events if event["type"] in wanted]
    return fake._list("/v1/events", events, params)


@_route("GET", "/v1/events/{oid}")
def get_event(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    return _retrieve(fake, "event", oid, params)


@_route("POST", "/v1/webhook_endpoints")
def post_webhook_endpoints(fake: FakeStripeServer, params: JSON) -> JSON:
    return fake._render(fake._put(objects.webhook_endpoint(int(time.time()), params)))


@_route("GET", "/v1/webhook_endpoints/{oid}")
def get_webhook_endpoint(fake: FakeStripeServer, params: JSON, oid: str) -> JSON:
    return _retrieve(fake, "webhook_endpoint", oid, params)
