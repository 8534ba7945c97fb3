"""Rate limits through django-ratelimit's counters, usable from services.

Counters live in Redis (the "ratelimit" cache, which does not degrade) in fixed
windows; rates are strings such as "10/15m" read from settings, so operators tune
them without code. When Redis does not answer, each limit fails closed or open as
its caller chose (see ``usage``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from kernel import outages
from kernel.cache_backends import UNAVAILABLE
from kernel.errors import ServiceUnavailable, TooManyRequests

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Usage:
    count: int
    limit: int
    exceeded: bool
    retry_after: int


def usage(*, group: str, value: str, rate: str, increment: bool, fail_closed: bool = False) -> Usage:
    """Count (or only read) one hit of ``value`` in ``group`` under ``rate``.

    Without Redis nothing can be counted: a ``fail_closed`` limit (one guarding
    against password guessing or email flooding) answers 503, any other lets the
    request through, because refusing service is worse than an unmetered minute.
    """
    breaker = outages.BREAKERS[outages.CACHE]
    try:
        breaker.require()
        counted: dict[str, Any] | None = get_usage(
            None, group=group, key=lambda _group, _request: value, rate=rate, increment=increment
        )
    except outages.DependencyDown as exc:  # known down: decide at once, without waiting out the timeout
        if fail_closed:
            raise ServiceUnavailable(retry_after=exc.retry_after) from exc
        counted = None
    except UNAVAILABLE as exc:
        breaker.trip()
        if fail_closed:
            logger.error("rate limit %s unavailable, request refused: %s", group, exc)
            raise ServiceUnavailable(retry_after=breaker.retry_after()) from exc
        logger.warning("rate limit %s unavailable, request let through: %s", group, exc)
        counted = None
    else:
        breaker.record_success()
    if counted is None:  # rate limiting disabled, or failing open
        return Usage(count=0, limit=0, exceeded=False, retry_after=0)
    return Usage(
        count=counted["count"],
        limit=counted["limit"],
        exceeded=counted["should_limit"],
        retry_after=max(1, counted["time_left"]),
    )


def enforce(*, group: str, value: str, rate: str, increment: bool = True, fail_closed: bool = False) -> None:
    """Count one hit and raise 429 (with Retry-After) once ``rate`` is exceeded."""
    current = usage(group=group, value=value, rate=rate, increment=increment, fail_closed=fail_closed)
    if current.exceeded:
        raise TooManyRequests(retry_after=current.retry_after)


def ai_call_enforce(*, group: str, user_id: Any) -> None:
    """The per-user limit on one endpoint group that reaches a language model (``settings.RATELIMIT_AI``):
    a model call costs money, so these limits count even when the plan allows the feature."""
    enforce(group=f"ai:{group}", value=str(user_id), rate=settings.RATELIMIT_AI[group])


def client_ip(request: HttpRequest) -> str:
    """The caller's address, honouring X-Forwarded-For only for the trusted proxies we run behind."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", "unknown"))
