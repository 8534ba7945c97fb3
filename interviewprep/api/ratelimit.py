"""Rate limits through django-ratelimit's counters, usable from services.

Counters live in the default cache (Redis) in fixed windows; rates are
strings such as "10/15m" read from settings, so operators tune them without code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from interviewprep.api.exceptions import TooManyRequests


@dataclass(frozen=True)
class Usage:
    count: int
    limit: int
    exceeded: bool
    retry_after: int


def usage(*, group: str, value: str, rate: str, increment: bool) -> Usage:
    """Count (or only read) one hit of ``value`` in ``group`` under ``rate``."""
    counted: dict[str, Any] | None = get_usage(
        None, group=group, key=lambda _group, _request: value, rate=rate, increment=increment
    )
    if counted is None:  # rate limiting disabled
        return Usage(count=0, limit=0, exceeded=False, retry_after=0)
    return Usage(
        count=counted["count"],
        limit=counted["limit"],
        exceeded=counted["should_limit"],
        retry_after=max(1, counted["time_left"]),
    )


def enforce(*, group: str, value: str, rate: str, increment: bool = True) -> None:
    """Count one hit and raise 429 (with Retry-After) once ``rate`` is exceeded."""
    current = usage(group=group, value=value, rate=rate, increment=increment)
    if current.exceeded:
        raise TooManyRequests(retry_after=current.retry_after)


def client_ip(request: HttpRequest) -> str:
    """The caller's address, honouring X-Forwarded-For only for the trusted proxies we run behind."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", "unknown"))
