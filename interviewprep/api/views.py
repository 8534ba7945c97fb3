"""Health endpoints and the JSON error pages for ``/api/`` paths DRF never sees."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from interviewprep.api import health
from interviewprep.api.exceptions import error_body
from interviewprep.api.schema import error_response

logger = logging.getLogger(__name__)


class HealthView(APIView):
    """Liveness: the process answers. Touches no dependency."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes: list[Any] = []  # load balancers probe from one address, often

    @extend_schema(
        operation_id="health_live",
        responses={200: inline_serializer("Health", {"status": serializers.CharField()})},
    )
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})


class ReadinessView(APIView):
    """Readiness: MongoDB, the billing database, the cache and the broker all answer."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes: list[Any] = []  # load balancers probe from one address, often

    @extend_schema(
        operation_id="health_ready",
        responses={
            200: inline_serializer(
                "Readiness",
                {"status": serializers.CharField(), "checks": serializers.DictField(child=serializers.CharField())},
            ),
            503: error_response("A dependency does not answer; `details` names it."),
        },
    )
    def get(self, request: Request) -> Response:
        checks = health.check_all()
        failing = [name for name, state in checks.items() if state != "ok"]
        if failing:
            message = _("Not ready: %(names)s not answering.") % {"names": ", ".join(failing)}
            return Response(error_body("dependency_unavailable", message, {"checks": checks}), status=503)
        return Response({"status": "ok", "checks": checks})


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def api_not_found() -> JsonResponse:
    return JsonResponse(error_body("not_found", _("Not found.")), status=404)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _wants_json(request):
        return api_not_found()
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        body = error_body("server_error", _("Something went wrong on our side. It has been logged."))
        return JsonResponse(body, status=500)
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(error_body("bad_request", _("Bad request.")), status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(
            error_body("permission_denied", _("You do not have permission to perform this action.")), status=403
        )
    return defaults.permission_denied(request, exception)
