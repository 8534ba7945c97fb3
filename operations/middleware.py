"""Cross-cutting request middleware."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from kernel.api.views import api_not_found
from kernel.logging import request_id_var
from operations import metrics

logger = logging.getLogger("interviewprep.request")

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestLogMiddleware:
    """Log every request once (method, path, status, duration) under a request
    id, taken from a well-formed incoming ``X-Request-ID`` or made here, and
    echoed back in the response header; the same timing feeds the request metrics."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            seconds = time.perf_counter() - started
            metrics.request_observe(request=request, status=response.status_code, seconds=seconds)
            duration_ms = round(seconds * 1000, 1)
            logger.info(
                "%s %s %s %.1fms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


class ApiPathMiddleware:
    """Routing rules for ``/api/...`` paths.

    A path written without its trailing slash is served as if it were there: APPEND_SLASH would
    redirect (and fail loudly on POST). An unknown path answers the JSON 404 envelope here, in every
    mode: with DEBUG on, Django renders its HTML debug page for a resolver miss instead of calling
    ``handler404``, and the SPA's developers run against DEBUG."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith("/api/") and not _resolves(path):
            if path.endswith("/") or not _resolves(path + "/"):
                return api_not_found()
            request.path_info = path + "/"
            request.path = request.path + "/"
        return self.get_response(request)
