"""The errors domain code raises. Each carries the HTTP status, the stable ``code`` and the message the
API's error envelope shows (kernel/api/exceptions.py turns them into responses), so a service
states what went wrong without knowing it is answering an HTTP request."""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import status


class RetryableError(Exception):
    """A dependency failed in a way worth trying again later (the shared Celery retry policy retries it)."""


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
