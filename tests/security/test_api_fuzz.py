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
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Ok

from accounts.models import ExperienceLevel, User
from accounts.tokens import RESET_PASSWORD, VERIFY_EMAIL, RefreshToken, make_account_token
from billing.models import Plan
from billing.services import plans_seed, premium_grant
from conftest import PASSWORD
from questions.models import Question
from tests.billing.conftest import TEST_KEY
from tests.questions.factories import QuestionFactory

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
HIGH_RATE = "1000000/m"
FUZZ_EMAIL = "ada@example.com"  # the root conftest's ``user``, whom ``fuzz_user`` makes premium
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
    for question_type in Question.Type.values:  # a question of every type and level, as the seeded bank has
        for level in ExperienceLevel.values:
            QuestionFactory.create(type=question_type, level=level)
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


def _fuzz_user_token(purpose: str) -> str:
    """A genuine emailed-link token for the signed-in fuzz user, made when the case is generated (schemathesis
    also draws a few values while collecting, before the user exists: those get a malformed token)."""
    try:
        return make_account_token(user=User.objects.get(email=FUZZ_EMAIL), purpose=purpose)
    except (User.DoesNotExist, RuntimeError):
        return "not-a-token"


# The project's own string formats, each half genuine and half arbitrary, so operations that need a real
# password, token or plan are also reached past validation.
schemathesis.openapi.format("password", st.one_of(st.just(PASSWORD), st.text(min_size=1, max_size=40)))
schemathesis.openapi.format(
    "account-token",
    st.one_of(st.sampled_from([VERIFY_EMAIL, RESET_PASSWORD]).map(_fuzz_user_token), st.text(min_size=1, max_size=80)),
)
schemathesis.openapi.format(
    "plan-code", st.one_of(st.sampled_from(["premium_monthly", "premium_yearly", "premium"]), st.text(max_size=40))
)
# Uploads: a genuine plain-text resume or arbitrary bytes (the API judges files by their content).
schemathesis.openapi.format(
    "binary",
    st.one_of(st.just(b"Ada Lovelace\nBackend developer: Python, Django, PostgreSQL.\n"), st.binary(max_size=64)),
)
schema = schemathesis.openapi.from_dict(_served_schema())
SCHEMA_OPERATIONS = list(schema.get_all_operations())
OPERATIONS = [result.ok() for result in SCHEMA_OPERATIONS if isinstance(result, Ok)]
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


def _rejects_what_it_documents(statuses: list[int]) -> bool:
    """Schemathesis's "schema validation mismatch" rule: every response to schema-conforming data is a 4xx
    (not only authentication errors), and at least a tenth of them are not 404s."""
    client_errors = [status for status in statuses if 400 <= status < 500]
    if not statuses or len(client_errors) < len(statuses) or set(statuses) <= {401, 403}:
        return False
    return sum(status != 404 for status in client_errors) >= 0.1 * len(statuses)


def test_every_operation_in_the_schema_is_valid() -> None:
    invalid = [str(result.err()) for result in SCHEMA_OPERATIONS if not isinstance(result, Ok)]
    assert not invalid, invalid


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_the_schema_describes_what_validation_accepts(
    operation: Any, fuzz_user: User, auth_headers: dict[str, str]
) -> None:
    """Data generated from the schema gets past validation: otherwise the schema is looser than the API
    and a client generated from it sends requests the API refuses."""
    statuses: list[int] = []

    @given(case=operation.as_strategy())
    @settings(max_examples=max(FUZZ_EXAMPLES, 8), deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def send(case: Any) -> None:
        statuses.append(case.call(app=WSGI_APP, headers=auth_headers).status_code)

    send()

    assert not _rejects_what_it_documents(statuses), f"{operation.label}: every response was a 4xx: {statuses}"


# --- Regressions the fuzzer found (OPTIONS on every route is swept in test_authorization_sweep.py) ---------


def test_a_new_users_profile_matches_the_schema(fuzz_user: User, auth_headers: dict[str, str]) -> None:
    case = schema["/api/v1/auth/me/"]["GET"].Case()
    response = case.call(app=WSGI_APP, headers=auth_headers)

    case.validate_response(response, checks=[schemathesis.checks.response_schema_conformance])


@pytest.mark.parametrize("path", sorted(AUTH_401_PATHS))
def test_auth_401_responses_are_documented(path: str) -> None:
    documented = schema.raw_schema["paths"][path]["post"]["responses"]

    assert "401" in documented, f"POST {path} answers 401 but documents only {sorted(documented)}"
