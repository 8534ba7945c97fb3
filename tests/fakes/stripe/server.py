"""The fake Stripe server: object state, the REST routes and the scripting API tests drive."""

from __future__ import annotations

import copy
import fnmatch
import json
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from tests.fakes.loopback import FakeHTTPServer, LoopbackFake

from . import objects
from .objects import DAY, JSON, new_id, strip_legacy
from .routes import ROUTES, Redirect, StripeError, expand_param, missing
from .wire import parse_form, sign_payload

_Response = tuple[int, JSON | None, dict[str, str]]  # status, JSON body (None: no body), extra headers
# Fields Stripe always returns expanded (stored as ids here), by object type.
_ALWAYS_EXPANDED: dict[str, tuple[str, ...]] = {
    "subscription": ("items.data", "plan"),
    "subscription_item": ("price", "plan"),
    "invoice": ("lines.data.price", "lines.data.plan"),
    "checkout.session": ("line_items.data.price",),
    "item": ("price",),
}
_ONLY_WHEN_EXPANDED: dict[str, frozenset[str]] = {"checkout.session": frozenset({"line_items"})}


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    params: JSON  # query string and form body, decoded (values are strings)
    api_key: str | None
    status: int
    headers: dict[str, str]  # lower-cased names


@dataclass(frozen=True)
class _InjectedError:
    method: str
    path_pattern: str
    error: StripeError


def _now() -> int:
    return int(time.time())


def _api_key(authorization: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None
    return None


class _Handler(BaseHTTPRequestHandler):
    server: FakeHTTPServer

    def do_GET(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            status, body, extra_headers = self.server.fake._dispatch(self.command, self.path, headers, raw)
        except Exception as exc:  # a bug in the fake: answer (without retries) instead of hanging up
            error = StripeError(500, f"fake Stripe server failure: {exc!r}", error_type="api_error")
            status, body, extra_headers = 500, error.body, {"Stripe-Should-Retry": "false"}
        payload = b"" if body is None else json.dumps(body, indent=2).encode()
        try:
            self.send_response(status)
            for name, value in {
                "Content-Type": "application/json",
                "Content-Length": str(len(payload)),
                "Request-Id": new_id("req_", 14),
                "Stripe-Version": headers.get("stripe-version", objects.API_VERSION),
                **extra_headers,
            }.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except ConnectionError:
            pass

    do_POST = do_DELETE = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


class FakeStripeServer(LoopbackFake):
    """Threaded fake Stripe API on 127.0.0.1 (test mode); state and scripting methods are thread-safe.

    Set ``legacy_fields = False`` to serve only the current API shape (see ``objects.LEGACY_FIELDS``).
    """

    handler_class = _Handler
    thread_name = "fake-stripe"
    legacy_fields: bool

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._objects: dict[str, JSON] = {}
        self._subscription_data: dict[str, JSON] = {}  # checkout session id -> its subscription_data
        self._requests: list[RecordedRequest] = []
        self._idempotent: dict[str, tuple[str, str, JSON]] = {}
        self._errors: list[_InjectedError] = []
        self.reset()

    @property
    def base_url(self) -> str:
        """For ``stripe.api_base`` or ``StripeClient(base_addresses={"api": ...})`` (no ``/v1``)."""
        return self.origin

    def reset(self) -> None:
        """Forget every object, recorded request, idempotency key and injected error."""
        with self._lock:
            for store in (self._objects, self._subscription_data, self._idempotent):
                store.clear()
            self._requests.clear()
            self._errors.clear()
            self.legacy_fields = True
            self._put(objects.account(_now()))

    # scripting API

    @property
    def requests(self) -> list[RecordedRequest]:
        """Snapshot of the API requests received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def account(self) -> JSON:
        return self.get(objects.ACCOUNT_ID)

    def get(self, object_id: str, expand: Sequence[str] = ()) -> JSON:
        """The object as the API would render it now; KeyError if unknown."""
        with self._lock:
            return self._render(self._objects[object_id], expand)

    def create_customer(self, email: str | None = None, **fields: Any) -> JSON:
        with self._lock:
            return self._render(self._put(objects.customer(_now(), {"email": email, **fields})))

    def create_product(self, name: str, **fields: Any) -> JSON:
        with self._lock:
            return self._render(self._put(objects.product(_now(), {"name": name, **fields})))

    def create_price(
        self, product_id: str, unit_amount: int, currency: str = "usd", interval: str | None = "month", **fields: Any
    ) -> JSON:
        """A Price (recurring unless ``interval=None``); ``fields``: lookup_key, nickname, metadata, id..."""
        with self._lock:
            fields = {
                "product": product_id,
                "unit_amount": unit_amount,
                "currency": currency,
                "interval": interval,
                **fields,
            }
            return self._render(self._new_price(fields))

    def complete_checkout(self, session_id: str) -> tuple[JSON, JSON]:
        """The customer pays a subscription-mode session: returns its new (subscription, paid invoice).

        Creates the customer (from ``customer_email``) if the session had none, and a card payment
        method; the subscription runs now..now+period (30 days a month) or through a trial from
        ``subscription_data[trial_period_days]``.
        """
        with self._lock:
            session = self._find("checkout.session", session_id)
            if session["mode"] != "subscription" or session["status"] != "open":
                raise ValueError(f"{session_id} is a {session['status']} {session['mode']}-mode session")
            if session["customer"]:
                customer = self._objects[session["customer"]]
            else:
                customer = self._put(objects.customer(_now(), {"email": session["customer_email"]}))
            items = [(self._objects[item["price"]], item["quantity"]) for item in session["line_items"]["data"]]
            items = [(price, quantity) for price, quantity in items if price["type"] == "recurring"]
            subscription, invoice = self._start_subscription(customer, items, self._subscription_data[session_id])
            session.update(
                customer=customer["id"],
                customer_details={
                    **dict.fromkeys(("address", "phone")),
                    "email": customer["email"],
                    "name": customer["name"],
                    "tax_exempt": "none",
                    "tax_ids": [],
                },
                invoice=invoice["id"],
                payment_status="paid" if invoice["amount_due"] else "no_payment_required",
                status="complete",
                subscription=subscription["id"],
            )
            return self._render(subscription), self._render(invoice)

    def update_subscription(self, subscription_id: str, **fields: Any) -> JSON:
        """Overwrite top-level fields (e.g. ``status="past_due"``); period fields reach the items too."""
        with self._lock:
            subscription = self._find("subscription", subscription_id)
            subscription.update(copy.deepcopy(fields))
            for item in self._items(subscription):
                for key in ("current_period_start", "current_period_end"):
                    if key in fields:
                        item[key] = fields[key]
            return self._render(subscription)

    def advance_subscription_to_end(self, subscription_id: str) -> JSON:
        """The period runs out now: the subscription ends (``status="canceled"``, ``ended_at``)."""
        with self._lock:
            now = _now()
            subscription = self._find("subscription", subscription_id)
            reason = "payment_failed" if subscription["status"] in ("past_due", "unpaid") else "cancellation_requested"
            self.update_subscription(subscription_id, current_period_end=now)
            subscription.update(status="canceled", ended_at=now, canceled_at=subscription["canceled_at"] or now)
            subscription["cancellation_details"]["reason"] = reason
            if subscription["cancel_at_period_end"]:
                subscription["cancel_at"] = now
            return self._render(subscription)

    def renew_subscription(self, subscription_id: str) -> JSON:
        """Start the next period and return its paid ``subscription_cycle`` invoice."""
        with self._lock:
            subscription = self._find("subscription", subscription_id)
            if subscription["status"] == "canceled":
                raise ValueError(f"{subscription_id} is canceled")
            self._next_period(subscription)
            subscription["status"] = "active"
            return self._render(self._new_invoice(subscription, "subscription_cycle", succeeded=True))

    def fail_invoice(self, subscription_id: str) -> JSON:
        """A renewal payment is declined: an open, attempted ``subscription_cycle`` invoice with a failed
        PaymentIntent and Charge; the subscription becomes ``past_due``."""
        with self._lock:
            subscription = self._find("subscription", subscription_id)
            invoice = self._new_invoice(subscription, "subscription_cycle", succeeded=False)
            subscription["status"] = "past_due"
            return self._render(invoice)

    def event(self, event_type: str, data_object: JSON | str, previous_attributes: JSON | None = None) -> JSON:
        """Store an Event (retrievable at /v1/events/{id}); ``data_object`` may be an id (current state)."""
        with self._lock:
            snapshot = self.get(data_object) if isinstance(data_object, str) else copy.deepcopy(data_object)
            return self._render(self._put(objects.event(_now(), event_type, snapshot, previous_attributes)))

    def signed_webhook(
        self, event: JSON | str, secret: str, timestamp: int | None = None
    ) -> tuple[bytes, dict[str, str]]:
        """The webhook body Stripe would POST for ``event`` (or its id) and its headers, signed with ``secret``."""
        with self._lock:
            body = self.get(event) if isinstance(event, str) else event
        payload = json.dumps(body, indent=2).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Stripe-Signature": sign_payload(payload, secret, timestamp),
        }
        return payload, headers

    def inject_error(
        self,
        method: str,
        path_pattern: str,
        *,
        status: int = 402,
        message: str = "Your card was declined.",
        error_type: str = "card_error",
        code: str | None = "card_declined",
        param: str | None = None,
        should_retry: bool = False,
    ) -> None:
        """Fail the next ``method`` request whose path matches ``path_pattern`` (fnmatch, e.g.
        ``/v1/subscriptions/*``) with this error, once. ``should_retry`` sets ``Stripe-Should-Retry``."""
        error = StripeError(status, message, error_type=error_type, code=code, param=param, should_retry=should_retry)
        with self._lock:
            self._errors.append(_InjectedError(method.upper(), path_pattern, error))

    # state helpers (call with the lock held)

    def _put(self, obj: JSON) -> JSON:
        self._objects[obj["id"]] = obj
        return obj

    def _find(self, object_type: str, object_id: str, *, param: str = "id", status: int = 404) -> JSON:
        obj = self._objects.get(object_id)
        if obj is None or obj["object"] != object_type or obj.get("deleted"):
            raise missing(object_type, object_id, param=param, status=status)
        return obj

    def _all(self, object_type: str, **filters: Any) -> list[JSON]:
        """Objects of a type, newest first, whose fields equal the non-None ``filters``."""
        wanted = {key: value for key, value in filters.items() if value is not None}
        return [
            obj
            for obj in reversed(self._objects.values())
            if obj["object"] == object_type
            and not obj.get("deleted")
            and all(obj.get(key) == value for key, value in wanted.items())
        ]

    def _items(self, subscription: JSON) -> list[JSON]:
        return [self._objects[item_id] for item_id in subscription["items"]["data"]]

    def _render(self, obj: JSON, expand: Iterable[str] = ()) -> JSON:
        out = copy.deepcopy(obj)
        expand = list(expand)
        heads = {path.split(".", 1)[0] for path in expand}
        for key in _ONLY_WHEN_EXPANDED.get(out.get("object", ""), ()):
            if key not in heads:
                out.pop(key, None)
        for path in [*_ALWAYS_EXPANDED.get(out.get("object", ""), ()), *expand]:
            self._expand(out, path.split("."))
        if not self.legacy_fields:
            strip_legacy(out)
        return out

    def _expand(self, node: Any, path: list[str]) -> Any:
        if isinstance(node, list):
            return [self._expand(item, path) for item in node]
        if not path or not isinstance(node, dict) or path[0] not in node:
            return node
        key, rest = path[0], path[1:]
        value = node[key]
        if isinstance(value, str):
            value = self._resolve(key, value)
        elif isinstance(value, list):
            value = [self._resolve(key, item) if isinstance(item, str) else item for item in value]
        node[key] = self._expand(value, rest)
        return node

    def _resolve(self, key: str, object_id: str) -> Any:
        obj = self._objects.get(object_id)
        if obj is None:
            return object_id
        if key == "plan" and obj["object"] == "price":
            return objects.plan(obj)
        return self._render(obj)

    def _list(self, url: str, items: list[JSON], params: JSON) -> JSON:
        limit = max(1, min(100, int(params.get("limit") or 10)))
        after = params.get("starting_after")
        if after:
            ids = [obj["id"] for obj in items]
            items = items[ids.index(after) + 1 :] if after in ids else []
        page = [self._render(obj) for obj in items[:limit]]
        listing = objects.list_object(page, url, has_more=len(items) > limit)
        for path in expand_param(params):
            self._expand(listing, path.split("."))
        if not self.legacy_fields:
            strip_legacy(listing)
        return listing

    def _new_price(self, fields: JSON) -> JSON:
        product = self._find("product", str(fields.get("product") or ""), param="product", status=400)
        return self._put(objects.price(_now(), {**fields, "product": product["id"]}))

    def _payment_method_for(self, customer: JSON) -> str:
        default = customer["invoice_settings"]["default_payment_method"]
        return default or self._put(objects.payment_method(_now(), customer))["id"]

    def _start_subscription(self, customer: JSON, items: list[tuple[JSON, int]], fields: JSON) -> tuple[JSON, JSON]:
        now = _now()
        trial_days = int(fields.get("trial_period_days") or 0)
        end = now + (trial_days * DAY if trial_days else objects.period_seconds(items[0][0]))
        subscription_id = new_id("sub_")
        sub_items = [
            self._put(objects.subscription_item(now, subscription_id, price, quantity, now, end))
            for price, quantity in items
        ]
        subscription = objects.subscription(
            now,
            subscription_id,
            customer["id"],
            sub_items,
            {
                "currency": items[0][0]["currency"],
                "default_payment_method": fields.get("default_payment_method") or self._payment_method_for(customer),
                "description": fields.get("description"),
                "metadata": fields.get("metadata"),
                "status": "trialing" if trial_days else "active",
                "trial_start": now if trial_days else None,
                "trial_end": end if trial_days else None,
            },
        )
        self._put(subscription)
        return subscription, self._new_invoice(subscription, "subscription_create", succeeded=True)

    def _next_period(self, subscription: JSON) -> None:
        for item in self._items(subscription):
            start = item["current_period_end"]
            item.update(
                current_period_start=start,
                current_period_end=start + objects.period_seconds(self._objects[item["price"]]),
            )
        first = self._items(subscription)[0]
        subscription.update(
            current_period_start=first["current_period_start"], current_period_end=first["current_period_end"]
        )

    def _new_invoice(self, subscription: JSON, billing_reason: str, *, succeeded: bool) -> JSON:
        now = _now()
        customer = self._objects[subscription["customer"]]
        invoice_id = new_id("in_")
        trialing = subscription["status"] == "trialing"
        lines = []
        for item in self._items(subscription):
            price = self._objects[item["price"]]
            name = self._objects[price["product"]]["name"]
            amount = 0 if trialing else price["unit_amount"] * item["quantity"]
            interval = (price["recurring"] or {}).get("interval", "once")
            money = f"{price['unit_amount'] / 100:.2f} {price['currency'].upper()} / {interval}"
            description = f"Trial period for {name}" if trialing else f"{item['quantity']} × {name} (at {money})"
            lines.append(objects.invoice_line(invoice_id, item, price, amount, description))
        total = sum(line["amount"] for line in lines)
        intent_id = charge_id = None
        if total:
            method = self._objects.get(subscription["default_payment_method"] or "")
            intent = objects.payment_intent(
                now,
                {
                    "amount": total,
                    "currency": subscription["currency"],
                    "customer": customer["id"],
                    "description": "Subscription creation"
                    if billing_reason == "subscription_create"
                    else "Subscription update",
                    "payment_method": method["id"] if method else None,
                    "succeeded": succeeded,
                },
            )
            charge = self._put(objects.charge(now, intent, method, invoice_id, succeeded))
            intent["latest_charge"] = charge["id"]
            intent_id, charge_id = self._put(intent)["id"], charge["id"]
        first = self._items(subscription)[0]
        invoice = objects.invoice(
            now,
            invoice_id,
            customer,
            subscription,
            lines,
            {
                "attempted": True,
                "billing_reason": billing_reason,
                "charge": charge_id,
                "paid": succeeded,
                "payment_intent": intent_id,
                "period": (first["current_period_start"], first["current_period_end"]),
            },
        )
        customer["next_invoice_sequence"] += 1
        subscription["latest_invoice"] = invoice_id
        return self._put(invoice)

    # HTTP

    def _dispatch(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> _Response:
        split = urlsplit(target)
        params = parse_form(split.query)
        if raw and "x-www-form-urlencoded" in headers.get("content-type", ""):
            params.update(parse_form(raw.decode()))
        api_key = _api_key(headers.get("authorization"))
        with self._lock:
            try:
                status, body, extra = self._answer(method, split.path, params, headers, api_key)
            except StripeError as error:
                status, body, extra = error.status, error.body, {"Stripe-Should-Retry": str(error.should_retry).lower()}
            self._requests.append(RecordedRequest(method, split.path, params, api_key, status, headers))
            return status, body, extra

    def _answer(self, method: str, path: str, params: JSON, headers: dict[str, str], api_key: str | None) -> _Response:
        route = next(
            (
                (handler, match)
                for verb, pattern, handler in ROUTES
                if verb == method and (match := pattern.match(path))
            ),
            None,
        )
        if route is None:
            raise StripeError(404, f"Unrecognized request URL ({method}: {path}).", code="resource_missing")
        handler, match = route
        if path.startswith("/v1/") and api_key is None:
            raise StripeError(401, "You did not provide an API key. Use 'Authorization: Bearer <key>'.")
        for injected in self._errors:
            if injected.method == method and fnmatch.fnmatchcase(path, injected.path_pattern):
                self._errors.remove(injected)
                raise injected.error
        idempotency_key = headers.get("idempotency-key") if method == "POST" else None
        if idempotency_key and idempotency_key in self._idempotent:
            seen_method, seen_path, seen_body = self._idempotent[idempotency_key]
            if (seen_method, seen_path) == (method, path):
                return 200, copy.deepcopy(seen_body), {"Idempotent-Replayed": "true"}
        result = handler(self, params, **match.groupdict())
        if isinstance(result, Redirect):
            return 303, None, {"Location": result.location}
        if idempotency_key:
            self._idempotent[idempotency_key] = (method, path, copy.deepcopy(result))
        return 200, result, {}
