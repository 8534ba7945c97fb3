"""Billing API shapes (the contract's "Billing" section)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from billing.models import Plan


class PlanSerializer(serializers.ModelSerializer):
    price = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=True)
    features = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Plan
        fields = [
            "code",
            "name",
            "tier",
            "price",
            "currency",
            "interval",
            "weekly_interview_limit",
            "weekly_second_chance_limit",
            "features",
        ]


class SubscriptionSerializer(serializers.Serializer):
    plan = serializers.CharField(source="plan.code")
    tier = serializers.CharField(source="plan.tier")
    status = serializers.CharField()
    current_period_end = serializers.DateTimeField(allow_null=True)
    cancel_at_period_end = serializers.BooleanField()
    weekly_interview_limit = serializers.IntegerField(source="plan.weekly_interview_limit")
    weekly_second_chance_limit = serializers.IntegerField(source="plan.weekly_second_chance_limit")
    interviews_used_this_week = serializers.IntegerField()
    interviews_left_this_week = serializers.IntegerField()
    resets_at = serializers.DateTimeField(allow_null=True)
    features = serializers.SerializerMethodField()

    def get_features(self, entitlements: Any) -> list[str]:
        return sorted(entitlements.plan.features)


@extend_schema_field({"type": "string", "format": "plan-code", "example": "premium_monthly"})
class PlanCodeField(serializers.CharField):
    """A plan's ``code``: plans are data staff edit, so the schema cannot list them."""


class CheckoutRequestSerializer(serializers.Serializer):
    plan = PlanCodeField(
        max_length=40,
        help_text='The code of an active paid plan from `GET /billing/plans/`, e.g. "premium_monthly" '
        '("premium" = the monthly one); another code is a 400.',
    )


class CheckoutSessionSerializer(serializers.Serializer):
    url = serializers.URLField()
    session_id = serializers.CharField()


class PortalSessionSerializer(serializers.Serializer):
    url = serializers.URLField()


class PaymentSerializer(serializers.Serializer):
    id = serializers.CharField()
    amount = serializers.SerializerMethodField()
    currency = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    period_start = serializers.SerializerMethodField()
    period_end = serializers.SerializerMethodField()
    created = serializers.DateTimeField()

    def _data(self, invoice: Any) -> dict[str, Any]:
        return dict(invoice.stripe_data)

    def get_amount(self, invoice: Any) -> str:
        """In currency units (Stripe stores the smallest unit)."""
        data = self._data(invoice)
        cents = data.get("amount_paid") or data.get("amount_due") or 0
        return f"{int(cents) / 100:.2f}"

    def get_currency(self, invoice: Any) -> str:
        return str(self._data(invoice).get("currency", ""))

    def get_status(self, invoice: Any) -> str:
        return str(self._data(invoice).get("status", ""))

    def get_period_start(self, invoice: Any) -> int | None:
        return self._data(invoice).get("period_start")

    def get_period_end(self, invoice: Any) -> int | None:
        return self._data(invoice).get("period_end")
