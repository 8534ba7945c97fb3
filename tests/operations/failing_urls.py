"""The project's URLs plus one view that fails with personal data in hand, for tests of what a
server error leaves behind (metrics, Sentry events). Use with ``@pytest.mark.urls(__name__)``."""

import logging

import sentry_sdk
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)


class FailingViewError(RuntimeError):
    pass


@csrf_exempt  # tests post to it straight through the WSGI handler, without a CSRF token
def fail(request: HttpRequest) -> HttpResponse:
    email = request.POST.get("email", "")
    sentry_sdk.set_user({"id": "user-42", "email": email})
    logger.warning("looking up the account of %s", email)
    raise FailingViewError(f"no account for {email}")


urlpatterns = [
    path("test-failure/", fail, name="test-failure"),
    path("", include("interviewprep.urls")),
]
