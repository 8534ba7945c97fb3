"""Billing endpoints: thin views over billing.services and billing.selectors."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.authentication import authenticated_user
from billing import serializers as s
from billing import services
from billing.selectors.entitlements import entitlements_for
from billing.selectors.plans import plans_public_cached
from billing.selectors.subscriptions import payments_for
from kernel.api.schema import error_response


class PlanViewSet(viewsets.ViewSet):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses={200: s.PlanSerializer(many=True)})
    def list(self, request: Request) -> Response:
        return Response(plans_public_cached(serialize=lambda plans: s.PlanSerializer(plans, many=True).data))


class BillingViewSet(viewsets.ViewSet):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: s.SubscriptionSerializer})
    def subscription(self, request: Request) -> Response:
        entitlements = entitlements_for(user=authenticated_user(request))
        return Response(s.SubscriptionSerializer(entitlements).data)

    @extend_schema(
        request=s.CheckoutRequestSerializer,
        responses={201: s.CheckoutSessionSerializer, 503: error_response("Stripe is not configured or unavailable.")},
    )
    def checkout(self, request: Request) -> Response:
        data = s.CheckoutRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.checkout_session_create(
            user=authenticated_user(request), plan_code=data.validated_data["plan"]
        )
        return Response(s.CheckoutSessionSerializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={201: s.PortalSessionSerializer, 503: error_response("Stripe is not configured or unavailable.")},
    )
    def portal(self, request: Request) -> Response:
        session = services.portal_session_create(user=authenticated_user(request))
        return Response(s.PortalSessionSerializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.PaymentSerializer(many=True)})
    def payments(self, request: Request) -> Response:
        invoices = payments_for(user_id=str(authenticated_user(request).pk))
        return Response(s.PaymentSerializer(invoices, many=True).data)
