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

from interviewprep import outages

logger = logging.getLogger(__name__)


class ApplicationError(Exception):
    status_code: int = status.HTTP_400_BAD_REQUEST
    code = "bad_request"
    default_message: Any = _("The request could not be processed.")

    def __init__(
        self,
        message: Any = None,
        *,
        code: str | None = None,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message if message is not None else self.default_message
        self.code = code or self.code
        self.details = details or {}
        self.headers = headers or {}
        super().__init__(str(self.message))


class ValidationFailed(ApplicationError):
    code = "validation_error"
    default_message = _("Invalid input.")


class NotFound(ApplicationError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "not_found"
    default_message = _("Not found.")


class Forbidden(ApplicationError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "permission_denied"
    default_message = _("You do not have permission to perform this action.")


class Unauthenticated(ApplicationError):
    status_code = status.HTTP_401_UNAUTHORIZED
    code = "not_authenticated"
    default_message = _("Authentication credentials were not provided or are invalid.")


class Conflict(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"
    default_message = _("The request conflicts with the current state.")


class PayloadTooLarge(ApplicationError):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    code = "payload_too_large"
    default_message = _("The request body is too large.")


class UnsupportedMediaType(ApplicationError):
    status_code = status.HTTP_415_UNSUPPORTED_MEDIA_TYPE
    code = "unsupported_media_type"
    default_message = _("This file type is not supported.")


class TooManyRequests(ApplicationError):
    """429 with ``Retry-After`` in whole seconds."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    code = "rate_limited"
    default_message = _("Too many requests. Try again later.")

    def __init__(self, message: Any = None, *, retry_after: float, **kwargs: Any) -> None:
        seconds = max(1, math.ceil(retry_after))
        kwargs.setdefault("details", {})["retry_after"] = seconds
        super().__init__(message, headers={"Retry-After": str(seconds)}, **kwargs)


class ServiceUnavailable(ApplicationError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    code = "service_unavailable"
    default_message = _("A service this request depends on is unavailable. Try again shortly.")

    def __init__(self, message: Any = None, *, retry_after: float | None = None, **kwargs: Any) -> None:
        if retry_after is not None:
            kwargs["headers"] = {**(kwargs.get("headers") or {}), "Retry-After": str(max(1, math.ceil(retry_after)))}
        super().__init__(message, **kwargs)


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
