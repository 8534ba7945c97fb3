"""DRF's global throttle. DRF imports this module while it defines APIView, so it must not import
the error classes (which import DRF's views) at module level: the limiter is imported on first use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle


class SafetyNetThrottle(BaseThrottle):
    """DRF's global throttle, per signed-in user or else per client address, in fixed windows counted in
    Redis like every other limit (one increment a request). It fails open: it only bounds endpoints that
    lack a limit of their own, and those must not go down with Redis."""

    retry_after = 0

    def allow_request(self, request: Request, view: Any) -> bool:
        from kernel.api.ratelimit import client_ip, usage

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            current = usage(group="api:user", value=str(user.pk), rate=settings.API_THROTTLE_USER, increment=True)
        else:
            current = usage(group="api:anon", value=client_ip(request), rate=settings.API_THROTTLE_ANON, increment=True)
        self.retry_after = current.retry_after
        return not current.exceeded

    def wait(self) -> float:
        return self.retry_after
