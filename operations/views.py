"""Health endpoints for load balancers and orchestrators."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.api.exceptions import error_body
from kernel.api.schema import error_response
from operations import health


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
