"""ObjectId in and out of the API: a 24-hex string, never an integer."""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from bson.errors import InvalidId
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


def parse_object_id(value: Any) -> ObjectId | None:
    """The ObjectId ``value`` names, or None when it is not a valid one."""
    if isinstance(value, ObjectId):
        return value
    try:
        return ObjectId(str(value))
    except (InvalidId, TypeError):
        return None


class ObjectIdField(serializers.Field):
    default_error_messages = {"invalid": _("Must be a 24-character hexadecimal id.")}

    def to_representation(self, value: Any) -> str:
        return str(value)

    def to_internal_value(self, data: Any) -> ObjectId:
        object_id = parse_object_id(data) if isinstance(data, str) else None
        if object_id is None:
            self.fail("invalid")
        return object_id  # type: ignore[return-value]


class ModelSerializer(serializers.ModelSerializer):
    """Base for every serializer of a MongoDB model: ObjectId primary keys and
    relations come out as strings."""

    serializer_related_field = serializers.PrimaryKeyRelatedField

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[type[serializers.Field], dict[str, Any]]:
        from django_mongodb_backend.fields import ObjectIdAutoField
        from django_mongodb_backend.fields import ObjectIdField as ModelObjectIdField

        if isinstance(model_field, ObjectIdAutoField | ModelObjectIdField):
            kwargs: dict[str, Any] = {"read_only": model_field.primary_key or not model_field.editable}
            return ObjectIdField, kwargs
        return super().build_standard_field(field_name, model_field)

    def build_relational_field(
        self, field_name: str, relation_info: Any
    ) -> tuple[type[serializers.Field], dict[str, Any]]:
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        if field_class is serializers.PrimaryKeyRelatedField:
            kwargs["pk_field"] = ObjectIdField()
        return field_class, kwargs
