"""Server errors reach Sentry with the exception, and without the personal data the request carried."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sentry_sdk
from django.core import signals
from django.core.handlers.wsgi import WSGIRequest
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import RequestFactory

from operations.observability import sentry_init
from tests.fakes.sentry_server import FakeSentry

EMAIL = "ada.lovelace@example.com"
PASSWORD = "correct-horse-battery-staple"
ANSWER = "At my last job I rewrote the billing service in Rust"
JWT = "eyJhbGciOiJIUzI1NiJ9.secret-access-token"
SESSION = "sessionkey-0123456789abcdef"


@pytest.fixture
def sentry() -> Iterator[FakeSentry]:
    with FakeSentry() as server:
        sentry_init(dsn=server.dsn, environment="test", release="test-release", traces_sample_rate=0.0)
        try:
            yield server
        finally:
            # Back to a non-recording client: the integrations stay installed but idle, as if never set up.
            sentry_sdk.get_client().close()
            sentry_sdk.get_global_scope().set_client(None)


def serve(request: WSGIRequest) -> str:
    """The response status from the WSGI entry point gunicorn calls, where Sentry reads URL, headers and cookies.

    Like Django's test client, it keeps the suite's database connections open across the request.
    """
    statuses: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], object]:
        statuses.append(status)
        return lambda data: None  # Django returns the body as an iterable; nothing is written

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response = get_wsgi_application()(request.environ, start_response)
        b"".join(response)
        response.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return statuses[0]


@pytest.mark.urls("tests.operations.failing_urls")
def test_a_server_error_is_reported_without_personal_data(sentry: FakeSentry) -> None:
    request = RequestFactory().post(
        f"/test-failure/?contact={EMAIL}",
        {"email": EMAIL, "password": PASSWORD, "text": ANSWER},
        headers={"Authorization": f"Bearer {JWT}", "Cookie": f"sessionid={SESSION}"},
    )

    status = serve(request)
    sentry_sdk.flush(timeout=5)

    assert status.startswith("500")
    [event] = sentry.events()
    exception = event["exception"]["values"][-1]
    assert (exception["type"], exception["value"]) == ("FailingViewError", "no account for [email]")
    assert event["request"]["url"] == "http://testserver/test-failure/"
    assert event["environment"] == "test" and event["release"] == "test-release"
    assert event["user"] == {"id": "user-42"}
    sent = b"".join(sentry.envelopes).decode()
    assert all(secret not in sent for secret in (EMAIL, PASSWORD, ANSWER, JWT, SESSION))
