"""Request body limits, decided before the body is read.

Django parses a multipart body in full (spooling files to disk) before a view can ask how big a file
is, so the limit is checked here against the declared Content-Length, before anything touches
``wsgi.input``. Under WSGI Django never reads past the declared length, and reads nothing of a body
that declares none (chunked), so the declared length is the whole exposure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from coaching.documents import MAX_RESUME_BYTES
from interviews.audio import MAX_AUDIO_BYTES
from kernel.api.exceptions import error_body
from kernel.errors import PayloadTooLarge
from questions.admin import IMPORT_MAX_BYTES

# The file limit is the service's rule; this leaves room for the multipart framing and the text
# fields sent beside the file (an answer's transcript may be 20,000 characters).
MULTIPART_OVERHEAD_BYTES = 256 * 1024

# URL name -> the largest file the endpoint accepts. Every other endpoint takes at most
# DATA_UPLOAD_MAX_MEMORY_SIZE, files included (DRF parses multipart on any endpoint).
UPLOAD_LIMITS = {
    "interview-answers": MAX_AUDIO_BYTES,
    "resume": MAX_RESUME_BYTES,
    "admin:questions_question_import": IMPORT_MAX_BYTES,
}


def body_limit(*, view_name: str) -> int:
    """The largest request body, in bytes, the endpoint named ``view_name`` reads."""
    file_limit = UPLOAD_LIMITS.get(view_name)
    if file_limit is None:
        return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return file_limit + MULTIPART_OVERHEAD_BYTES


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads nothing of a body whose length it cannot parse


class BodySizeLimitMiddleware:
    """413 for a body declared larger than its endpoint's limit, without reading it.

    Runs at process_view (the endpoint is resolved by then) and must sit before CsrfViewMiddleware,
    whose process_view reads ``request.POST`` for the admin's forms.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        declared = _declared_length(request)
        if declared <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE or request.resolver_match is None:
            return None
        limit = body_limit(view_name=request.resolver_match.view_name)
        if declared <= limit:
            return None
        error = PayloadTooLarge(details={"max_body_bytes": limit})
        if request.path.startswith("/api/"):
            return JsonResponse(error_body(error.code, error.message, error.details), status=error.status_code)
        return HttpResponse(str(error.message), status=error.status_code, content_type="text/plain; charset=utf-8")
