"""One error shape for the whole API.

Domain code raises an ``ApplicationError`` subclass anywhere; the DRF
exception handler below (and the Django 404/500 handlers for paths DRF never
sees) turn every error into ``{"error": {"code", "message", "details"}}``.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import set_rollback

from kernel import outages
from kernel.errors import ApplicationError, PayloadTooLarge, ServiceUnavailable, TooManyRequests

logger = logging.getLogger(__name__)


def error_body(code: str, message: Any, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": str(message), "details": details or {}}}


def _dependency_unavailable(exc: BaseException) -> ServiceUnavailable | None:
    """503 with Retry-After when a dependency's breaker refused the call, or when the dependency did not
    answer (which opens its breaker: the next requests get the same answer without waiting for it)."""
    if isinstance(exc, outages.DependencyDown):
        seconds = exc.retry_after
    elif (name := outages.dependency_of(exc)) is not None:
        logger.error("dependency %s unavailable: %s", name, exc)
        outages.BREAKERS[name].trip()
        seconds = outages.BREAKERS[name].retry_after()
    else:
        return None
    return ServiceUnavailable(retry_after=seconds)


def _drf_code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        set_rollback()
        return Response(error_body(exc.code, exc.message, exc.details), status=exc.status_code, headers=exc.headers)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, exceptions.Throttled):  # the safety-net throttle: same code as every other limit
        return exception_handler(TooManyRequests(retry_after=getattr(exc, "wait", None) or 1), context)
    elif isinstance(exc, RequestDataTooBig):
        return exception_handler(PayloadTooLarge(), context)
    elif (unavailable := _dependency_unavailable(exc)) is not None:
        return exception_handler(unavailable, context)

    if isinstance(exc, exceptions.APIException):
        headers: dict[str, str] = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(math.ceil(exc.wait))  # type: ignore[attr-defined]
        set_rollback()
        if isinstance(exc, exceptions.ValidationError):
            details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
            body = error_body("validation_error", _("Invalid input."), details)
        else:
            body = error_body(_drf_code(exc), exc.detail)
        if exc.status_code == status.HTTP_401_UNAUTHORIZED and isinstance(exc.detail, dict):
            # simplejwt's InvalidToken carries a dict; keep its human message.
            body = error_body(str(exc.detail.get("code", "token_not_valid")), exc.detail.get("detail", ""))
        return Response(body, status=exc.status_code, headers=headers)

    logger.exception("unhandled error", exc_info=exc)
    return Response(
        error_body("server_error", _("Something went wrong on our side. It has been logged.")),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
