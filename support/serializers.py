"""Ticket API shapes, as the contract names them. Messages go out as the raw
plain text they were stored as; escaping is the renderer's job."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from kernel.api.fields import ModelSerializer
from support.models import MESSAGE_MAX_LENGTH, SUBJECT_MAX_LENGTH, SUBJECT_MIN_LENGTH, Ticket
from support.services import text_clean


class PlainTextField(serializers.CharField):
    """Text cleaned the way it is stored (control characters, NULs included, removed)
    before the length checks, so what is checked is what is kept."""

    def to_internal_value(self, data: Any) -> str:
        text = text_clean(text=super().to_internal_value(data))
        if not text and not self.allow_blank:
            self.fail("blank")
        return text


class TicketMessageCreateSerializer(serializers.Serializer):
    message = PlainTextField(max_length=MESSAGE_MAX_LENGTH)


class TicketCreateSerializer(TicketMessageCreateSerializer):
    subject = PlainTextField(min_length=SUBJECT_MIN_LENGTH, max_length=SUBJECT_MAX_LENGTH)


class TicketMessageSerializer(serializers.Serializer):
    message = serializers.CharField(source="body")
    is_staff = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class TicketSerializer(ModelSerializer):
    class Meta:
        model = Ticket
        fields = ["id", "subject", "status", "priority", "created_at", "updated_at"]
        read_only_fields = fields


class TicketDetailSerializer(TicketSerializer):
    messages = TicketMessageSerializer(many=True, read_only=True)

    class Meta(TicketSerializer.Meta):
        fields = [*TicketSerializer.Meta.fields, "messages"]
        read_only_fields = fields
