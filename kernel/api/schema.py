"""OpenAPI: ObjectIds are strings, and every operation documents the error envelope."""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from kernel.api.fields import ObjectIdField


class ObjectIdFieldExtension(OpenApiSerializerFieldExtension):
    target_class = ObjectIdField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema = build_basic_type(OpenApiTypes.STR) or {}
        return {**schema, "pattern": "^[0-9a-f]{24}$", "example": "665f1c2e9b1e8a3d4c5b6a79"}


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable snake_case error code.")
    message = serializers.CharField(help_text="Human-readable message in the user's language.")
    details = serializers.DictField(help_text="Per-field messages for validation errors; extra context otherwise.")


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def body_on_delete(view_method: Any) -> Any:
    """Mark a DELETE view method that reads a request body (for example a password confirmation)."""
    view_method.body_on_delete = True
    return view_method


def error_response(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


_COMMON_ERRORS = {
    400: "Invalid input; per-field messages in `details`.",
    401: "Missing, expired or revoked credentials.",
    403: "Not allowed for this user or plan.",
    404: "Not found, or not yours.",
    429: "Rate limited or over quota; see `Retry-After`.",
}


class AutoSchema(openapi.AutoSchema):
    """Adds the error envelope to every operation's documented responses."""

    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        is_public = not self.view.get_authenticators() or self._is_public()
        for status_code, description in _COMMON_ERRORS.items():
            if status_code in (401, 403) and is_public:
                continue
            if status_code == 404 and self.method == "POST" and "{" not in self.path:
                continue
            responses.setdefault(
                str(status_code), self._get_response_for_code(error_response(description), str(status_code))
            )
        return responses

    def _get_request_body(self, direction: Literal["request", "response"] = "request") -> Any:
        """drf-spectacular documents no body on DELETE; a view method marked ``body_on_delete`` reads one."""
        action = getattr(self.view, getattr(self.view, "action", "") or "", None)
        if self.method != "DELETE" or not getattr(action, "body_on_delete", False):
            return super()._get_request_body(direction)
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"

    def _map_serializer(self, serializer: Any, direction: Any, bypass_extensions: bool = False) -> Any:
        """A request serializer whose fields are required in alternative sets (``Meta.required_any_of``,
        checked by its ``validate()``) says so with ``anyOf``, so generated clients send one set."""
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        alternatives = getattr(getattr(serializer, "Meta", None), "required_any_of", None)
        if alternatives and direction == "request":
            schema["anyOf"] = [{"required": list(names)} for names in alternatives]
        return schema

    def _is_public(self) -> bool:
        from rest_framework.permissions import AllowAny

        return any(isinstance(permission, AllowAny) for permission in self.view.get_permissions())
