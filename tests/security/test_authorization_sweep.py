"""Authorization sweep generated from the URL conf, so a new endpoint is covered without editing this file.

* Every route under ``/api/v1/`` is found by walking ``django.urls.get_resolver()``; the OpenAPI schema
  (drf-spectacular) supplies each operation's security requirements.
* Ownership: user A owns one object of each kind (built through the API by the ``world`` fixture); user B,
  also premium so plan gating cannot mask an ownership bug, calls every operation that takes a path parameter
  with A's ids and must get a 404 in the error envelope, without A's data in the body and without changing
  what A sees. A path parameter the sweep has no object for fails the test: add a factory to ``world``
  and an entry to ``ID_SOURCES``.
* Invalid ids: ``not-an-id`` and an unknown ObjectId give a 404 in the envelope, never a 500.
* Authentication: every operation whose security does not allow anonymous access gives a 401 in the envelope.
* OPTIONS on every route is never a 5xx.
* Admin: every registered ModelAdmin changelist redirects anonymous and non-staff users to the login page.
"""

from __future__ import annotations

import io
import json
import re
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import User
from billing.services import plans_seed, premium_grant
from conftest import authenticate
from tests.interviews.conftest import GOOD_ANSWER, start

pytestmark = pytest.mark.django_db

API_PREFIX = "/api/v1/"
UNKNOWN_ID = "0123456789abcdef01234567"
BAD_IDS = ("not-an-id", UNKNOWN_ID)
HTTP_METHODS = ("get", "post", "put", "patch", "delete")
# A string that only appears in A's private objects: it must never show up in a response to B.
PRIVATE_MARKER = "a-private-marker-7f3c"

# Routes under /api/v1/ that are deliberately not in the OpenAPI schema.
NOT_IN_SCHEMA = {
    "/api/v1/schema/": "serves the OpenAPI document itself (public)",
    "/api/v1/docs/": "Swagger UI for the schema (public)",
}

# Operations with a path parameter that another signed-in user may legitimately call.
PUBLIC_TO_SIGNED_IN = {
    ("get", "/api/v1/questions/{id}/"): (
        "the question bank is shared content: any signed-in user may read a question by id "
        "(docs/api.md, questions); sample answers are staff-only"
    ),
}

# Which of A's objects fills a path parameter, keyed by the path up to and including that parameter.
# A new nested route (e.g. /interviews/{id}/notes/) reuses an existing key; a new parameter needs a new entry.
ID_SOURCES: dict[str, str] = {
    "/api/v1/interviews/{id}": "interview",
    "/api/v1/interviews/{id}/answers/{answer_id}": "audio_answer",
    "/api/v1/roadmap/{id}": "roadmap",
    "/api/v1/roadmap/{id}/items/{item_id}": "roadmap_item",
    "/api/v1/support/tickets/{id}": "ticket",
    "/api/v1/questions/{id}": "question",
}

# JSON bodies that would succeed if the caller owned the object (so validation cannot mask a missing check).
BODIES: dict[tuple[str, str], Callable[[World], Any]] = {
    ("post", "/api/v1/interviews/{id}/answers/"): lambda w: {
        "question_id": w.ids["unanswered_question"],
        "text": GOOD_ANSWER,
    },
    ("post", "/api/v1/interviews/{id}/run/"): lambda w: {
        "question_id": w.ids["unanswered_question"],
        "language": "python",
        "code": "def solve():\n    return 1\n",
    },
    ("patch", "/api/v1/roadmap/{id}/items/{item_id}/"): lambda w: {"completed": True},
    ("post", "/api/v1/support/tickets/{id}/messages/"): lambda w: {"message": "x"},
}


# --- Route discovery -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # OpenAPI style: /api/v1/interviews/{id}/

    @property
    def params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def _openapi_path(route: str) -> str:
    route = route.replace("^", "").replace("$", "").replace("\\", "")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)  # regex groups (DRF routers)
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)  # path() converters
    return "/" + route


def _methods(callback: Any) -> list[str]:
    actions = getattr(callback, "actions", None)  # DRF viewset bound with as_view({...})
    if actions:
        return sorted(method for method in actions if method in HTTP_METHODS)
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view is None:
        return ["get"]  # a plain function view: assume it reads
    return sorted(method for method in HTTP_METHODS if hasattr(view, method))


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


@cache
def api_operations() -> tuple[Operation, ...]:
    found: set[Operation] = set()
    for route, callback in _walk(get_resolver().url_patterns):
        path = _openapi_path(route)
        if path.startswith(API_PREFIX):
            found.update(Operation(method, path) for method in _methods(callback))
    return tuple(sorted(found, key=lambda op: (op.path, op.method)))


@cache
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(public=True)


def schema_operation(op: Operation) -> dict[str, Any] | None:
    return schema()["paths"].get(op.path, {}).get(op.method)


def allows_anonymous(op: Operation) -> bool:
    security = (schema_operation(op) or {}).get("security", schema().get("security", []))
    return not security or {} in security


def _id(op: Operation) -> str:
    return str(op)


SCHEMA_OPS = [op for op in api_operations() if op.path not in NOT_IN_SCHEMA]
OPS_WITH_PARAMS = [op for op in SCHEMA_OPS if op.params]
AUTHENTICATED_OPS = [op for op in SCHEMA_OPS if not allows_anonymous(op)]


# --- A's world -----------------------------------------------------------------------------------------


@dataclass
class World:
    owner: User
    owner_client: APIClient
    intruder_client: APIClient
    ids: dict[str, str] = field(default_factory=dict)

    def resolve(self, op: Operation, overrides: dict[str, str] | None = None) -> str:
        """``op.path`` with A's ids (or ``overrides``) filled in; fails when a parameter has no factory."""
        path = op.path
        for param in op.params:
            if overrides and param in overrides:
                value = overrides[param]
            else:
                key = op.path[: op.path.index("{" + param + "}") + len(param) + 2]
                source = ID_SOURCES.get(key)
                if source is None or source not in self.ids:
                    pytest.fail(
                        f"{op}: no object for path parameter {param!r} (key {key!r}). Add a factory for it to the "
                        f"`world` fixture and an entry to ID_SOURCES in {__file__} so the sweep covers this endpoint."
                    )
                value = self.ids[source]
            path = path.replace("{" + param + "}", value)
        return path

    def snapshot(self) -> list[Any]:
        """Everything A can read about their objects; B's calls must not change it."""
        reads = [
            f"/api/v1/interviews/{self.ids['interview']}/",
            f"/api/v1/interviews/{self.ids['interview']}/answers/",
            "/api/v1/roadmap/",
            f"/api/v1/support/tickets/{self.ids['ticket']}/",
        ]
        snapshot = []
        for path in reads:
            response = self.owner_client.get(path)
            snapshot.append((path, response.status_code, response.json()))
        return snapshot


def _wav(seconds: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(1)
        recording.setframerate(4000)
        recording.writeframes(b"\x80" * 4000 * seconds)
    return buffer.getvalue()


def _created(response: Any, what: str) -> dict[str, Any]:
    assert response.status_code == 201, (
        f"building {what} for the sweep failed: {response.status_code} {response.content!r}"
    )
    return response.json()


@pytest.fixture
def world(user: User, other_user: User, bank: list[Any]) -> World:
    """A (``user``) owns an interview with a text and an audio answer, a roadmap with items and a support
    ticket; B (``other_user``) is a plain user. Both are premium so coaching gates do not hide ownership."""
    plans_seed()
    for person in (user, other_user):
        premium_grant(user=person, days=30, granted_by="security-sweep")
    user.target_role = "Backend Developer"
    user.experience_level = "middle"
    user.save(update_fields=["target_role", "experience_level"])
    owner = authenticate(APIClient(), user)
    w = World(owner=user, owner_client=owner, intruder_client=authenticate(APIClient(), other_user))

    interview = _created(start(owner, job_title=f"Backend {PRIVATE_MARKER}"), "an interview")
    questions = interview["questions"]
    assert len(questions) >= 3, interview
    _created(
        owner.post(
            f"/api/v1/interviews/{interview['id']}/answers/",
            {"question_id": questions[0]["id"], "text": f"{GOOD_ANSWER} {PRIVATE_MARKER}"},
            format="json",
        ),
        "a text answer",
    )
    audio = _created(
        owner.post(
            f"/api/v1/interviews/{interview['id']}/answers/",
            {
                "question_id": questions[1]["id"],
                "audio": SimpleUploadedFile("answer.wav", _wav(2), content_type="audio/wav"),
                "transcript": GOOD_ANSWER,
            },
            format="multipart",
        ),
        "an audio answer",
    )
    roadmap = _created(owner.post("/api/v1/roadmap/generate/", {"weeks": 4}, format="json"), "a roadmap")
    assert roadmap["items"], f"the generated roadmap has no items: {roadmap}"
    ticket = _created(
        owner.post(
            "/api/v1/support/tickets/",
            {"subject": f"Help {PRIVATE_MARKER}", "message": f"Private details {PRIVATE_MARKER}"},
            format="json",
        ),
        "a support ticket",
    )
    w.ids.update(
        interview=interview["id"],
        unanswered_question=questions[2]["id"],
        audio_answer=audio["id"],
        roadmap=roadmap["id"],
        roadmap_item=roadmap["items"][0]["id"],
        ticket=ticket["id"],
        question=str(bank[0].pk),
    )
    return w


def call(client: APIClient | Client, op: Operation, path: str, body: Any = None) -> Any:
    if op.method == "get" or body is None:
        return client.generic(op.method.upper(), path)
    return client.generic(op.method.upper(), path, json.dumps(body), content_type="application/json")


def assert_error(response: Any, status: int, context: str) -> dict[str, Any]:
    assert response.status_code == status, (
        f"{context}: expected {status}, got {response.status_code}: {response.content[:500]!r}"
    )
    assert response["Content-Type"].startswith("application/json"), f"{context}: not JSON: {response['Content-Type']}"
    error = response.json().get("error")
    assert isinstance(error, dict) and {"code", "message", "details"} <= set(error), (
        f"{context}: not in the error envelope: {response.json()}"
    )
    return error


# --- Tests ---------------------------------------------------------------------------------------------


def test_route_discovery_finds_the_known_endpoints():
    """Guards the URL walker itself: if it silently found nothing, every sweep below would pass vacuously."""
    found = {str(op) for op in api_operations()}
    assert {
        "GET /api/v1/interviews/{id}/",
        "GET /api/v1/interviews/{id}/answers/{answer_id}/audio/",
        "PATCH /api/v1/roadmap/{id}/items/{item_id}/",
        "POST /api/v1/support/tickets/{id}/messages/",
    } <= found
    assert len(OPS_WITH_PARAMS) >= 10 and len(AUTHENTICATED_OPS) >= 30


def test_every_api_route_is_described_by_the_schema():
    """The sweeps read security requirements from the schema: a route missing from it would go unchecked."""
    missing = [str(op) for op in SCHEMA_OPS if schema_operation(op) is None]
    assert not missing, f"routes in the URL conf but not in the OpenAPI schema: {missing}"


@pytest.mark.parametrize("op", OPS_WITH_PARAMS, ids=_id)
def test_another_users_object_is_404(world: World, op: Operation):
    path = world.resolve(op)
    body = BODIES.get((op.method, op.path), lambda w: {})(world) if op.method != "get" else None
    before = world.snapshot()

    response = call(world.intruder_client, op, path, body)

    if (op.method, op.path) in PUBLIC_TO_SIGNED_IN:
        assert response.status_code == 200, f"{op} is documented as readable by any signed-in user"
        return
    assert_error(response, 404, f"{op} as another user ({path})")
    assert PRIVATE_MARKER not in response.content.decode(errors="replace"), f"{op} leaked A's data"
    assert world.owner.email not in response.content.decode(errors="replace"), f"{op} leaked A's email"
    assert world.snapshot() == before, f"{op} as another user changed A's objects"


@pytest.mark.parametrize("op", OPS_WITH_PARAMS, ids=_id)
def test_invalid_or_unknown_ids_are_404_for_the_owner(world: World, op: Operation):
    body = BODIES.get((op.method, op.path), lambda w: {})(world) if op.method != "get" else None
    variants = [{param: bad} for param in op.params for bad in BAD_IDS]
    if len(op.params) > 1:
        variants += [dict.fromkeys(op.params, bad) for bad in BAD_IDS]
    for overrides in variants:
        path = world.resolve(op, overrides)
        response = call(world.owner_client, op, path, body)
        assert_error(response, 404, f"{op} as the owner with {overrides} ({path})")


def test_anonymous_request_is_401():
    """One test over every operation (a test per operation spent most of its time in database teardown)."""
    failures = []
    for op in AUTHENTICATED_OPS:
        path = op.path
        for param in op.params:
            path = path.replace("{" + param + "}", UNKNOWN_ID)
        try:
            assert_error(call(APIClient(), op, path, {} if op.method != "get" else None), 401, f"{op} without a token")
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])
    assert not failures, "\n".join(failures)


def _options_failures(paths: list[str], user: User) -> list[str]:
    failures = []
    for template in paths:
        path = template
        for param in re.findall(r"{(\w+)}", template):
            path = path.replace("{" + param + "}", UNKNOWN_ID)
        for who, client in (("anonymous", APIClient()), ("signed in", authenticate(APIClient(), user))):
            response = client.options(path)
            if response.status_code >= 500:
                failures.append(f"OPTIONS {path} as {who}: {response.status_code} {response.content[:200]!r}")
    return failures


def test_options_is_never_a_server_error(user: User):
    """CORS preflights and API explorers send OPTIONS to every route, signed in or not."""
    paths = sorted({op.path for op in SCHEMA_OPS})
    failures = _options_failures(paths, user)
    assert not failures, "\n".join(failures)


ADMIN_CHANGELISTS = sorted(
    reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
)


@pytest.mark.parametrize("who", ["anonymous", "non_staff"])
def test_admin_is_staff_only(client: Client, user: User, who: str):
    """One request per registered ModelAdmin changelist (plus the index), all in one test: logging in per URL
    made the suite several times slower."""
    assert len(ADMIN_CHANGELISTS) >= 10
    if who == "non_staff":
        assert not user.is_staff
        client.force_login(user)
    login = reverse("admin:login")

    failures = []
    for url in ["/admin/", *ADMIN_CHANGELISTS]:
        response = client.get(url)
        if response.status_code != 302 or not response["Location"].startswith(login):
            failures.append(f"{url}: {response.status_code} {response.get('Location', '')}")

    assert not failures, f"admin pages open to {who} users: {failures}"
