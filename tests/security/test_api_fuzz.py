"""Property-based fuzzing of the whole API with schemathesis, in-process against Django's WSGI app.

The schema is the document the app serves at ``/api/v1/schema/`` (built by drf-spectacular's generator);
every operation gets a fixed, derandomized number of generated requests, authenticated as a signed-in
premium user. Checks on every response:

* never a 5xx (``not_a_server_error``);
* the status code and content type are documented for the operation, and a documented JSON body matches
  its schema (``status_code_conformance``, ``content_type_conformance``, ``response_schema_conformance``);
* every 4xx/5xx JSON body is the error envelope ``{"error": {"code", "message", "details"}}``.

The bounded run (``FUZZ_EXAMPLES`` examples per operation, default 8) is part of the normal suite.
``make fuzz`` runs the same test with more examples, e.g. ``FUZZ_EXAMPLES=200 pytest -m fuzz tests/security``.
The Stripe webhook (``/stripe/webhook/<uuid>/``) is not in the schema and so is not fuzzed. Rate limits are
raised for the run; Celery tasks already run eagerly and email goes to the locmem backend.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings

from accounts.models import User
from accounts.tokens import RefreshToken
from billing.models import Plan
from billing.services import plans_seed, premium_grant
from tests.billing.conftest import TEST_KEY

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
HIGH_RATE = "1000000/m"
RATE_SETTINGS = [
    "RATELIMIT_LOGIN_FAILURES_PER_EMAIL",
    "RATELIMIT_LOGIN_PER_IP",
    "RATELIMIT_REGISTER_PER_IP",
    "RATELIMIT_EMAIL_PER_ADDRESS",
    "RATELIMIT_EMAIL_PER_IP",
    "RATELIMIT_REFRESH_PER_IP",
    "API_THROTTLE_USER",
    "API_THROTTLE_ANON",
    "RATELIMIT_TICKETS_PER_USER",
]

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


@pytest.fixture
def fuzz_user(user: User, settings: Any, bank: list[Any], stripe_server: Any) -> User:
    """A premium user (so coaching and generation run instead of stopping at the plan gate), with the
    question bank seeded, Stripe pointed at the fake server (otherwise checkout answers a documented 503
    ``billing_not_configured``) and rate limits out of the way."""
    for name in RATE_SETTINGS:
        setattr(settings, name, HIGH_RATE)
    settings.RATELIMIT_AI = dict.fromkeys(settings.RATELIMIT_AI, HIGH_RATE)
    settings.STRIPE_SECRET_KEY = settings.STRIPE_TEST_SECRET_KEY = TEST_KEY
    product = stripe_server.create_product("InterviewPrep Premium")
    price = stripe_server.create_price(product["id"], 1900, "usd", "month")
    plans_seed()
    Plan.objects.filter(code="premium_monthly").update(stripe_price_id=price["id"])
    premium_grant(user=user, days=30, granted_by="fuzz")
    return user


@pytest.fixture
def auth_headers(fuzz_user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {RefreshToken.for_user(fuzz_user).access_token}"}


def _served_schema() -> dict[str, Any]:
    """The document /api/v1/schema/ serves, built without a request: the schema is loaded at collection time,
    where the database is not available yet. (``schemathesis.pytest.from_fixture`` would load it lazily from
    the WSGI app, but schemathesis 4.32.5's lazy loader sets ``Function._nodeid``, which pytest 9.2 no
    longer has.)"""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document, renderer_context={}))


schema = schemathesis.openapi.from_dict(_served_schema())
WSGI_APP = get_wsgi_application()

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


AUTH_401_PATHS = {"/api/v1/auth/login/", "/api/v1/auth/refresh/", "/api/v1/auth/logout/"}


def assert_error_envelope(case: Any, response: Any) -> None:
    if response.status_code < 400 or not (response.headers.get("content-type") or [""])[0].startswith(
        "application/json"
    ):
        return
    body = response.json()
    error = body.get("error") if isinstance(body, dict) else None
    assert isinstance(error, dict) and {"code", "message", "details"} <= set(error), (
        f"{case.method} {case.formatted_path}: {response.status_code} body is not the error envelope: {body}"
    )


@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_fuzz(case: Any, fuzz_user: User, auth_headers: dict[str, str]) -> None:
    response = case.call(app=WSGI_APP, headers=auth_headers)
    case.validate_response(response, checks=CHECKS)
    assert_error_envelope(case, response)


# --- Regressions the fuzzer found (OPTIONS on every route is swept in test_authorization_sweep.py) ---------


def test_a_new_users_profile_matches_the_schema(fuzz_user: User, auth_headers: dict[str, str]) -> None:
    case = schema["/api/v1/auth/me/"]["GET"].Case()
    response = case.call(app=WSGI_APP, headers=auth_headers)

    case.validate_response(response, checks=[schemathesis.checks.response_schema_conformance])


@pytest.mark.parametrize("path", sorted(AUTH_401_PATHS))
def test_auth_401_responses_are_documented(path: str) -> None:
    documented = schema.raw_schema["paths"][path]["post"]["responses"]

    assert "401" in documented, f"POST {path} answers 401 but documents only {sorted(documented)}"
