"""Account API shapes. Input serializers validate form; services enforce the rules."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import ExperienceLevel, User
from accounts.selectors import user_plan_tier
from kernel.api.fields import ModelSerializer


class UserSettingsSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=[("en", "English"), ("ru", "Russian")], required=False)
    timezone = serializers.CharField(max_length=64, required=False)
    email_notifications = serializers.BooleanField(required=False)

    def validate_timezone(self, value: str) -> str:
        if value not in zoneinfo.available_timezones():
            raise serializers.ValidationError(_("Unknown time zone."))
        return value


class UserSerializer(ModelSerializer):
    plan = serializers.SerializerMethodField()
    settings = serializers.DictField(read_only=True)
    skills = serializers.ListField(child=serializers.CharField(), read_only=True)
    # Blank until the user picks a level; the schema must say so.
    experience_level = serializers.ChoiceField(choices=ExperienceLevel.choices, allow_blank=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "name",
            "is_email_verified",
            "role",
            "target_role",
            "experience_level",
            "skills",
            "settings",
            "plan",
            "date_joined",
        ]
        read_only_fields = fields

    def get_plan(self, user: User) -> str:
        """The plan tier: "free" or "premium"."""
        return user_plan_tier(user=user)


# A password that passes every validator, used as the schema's example (explicit-example fuzzing sends it).
EXAMPLE_PASSWORD = "correct-horse-battery-staple"


@extend_schema_field({"type": "string", "format": "password", "example": EXAMPLE_PASSWORD})
class PasswordField(serializers.CharField):
    """A password in a request body. A new one must also pass Django's validators (at least 8 characters,
    not entirely numeric, not a common password, not too like the account's email or name); the schema
    states the length and says the rest."""

    def __init__(self, *, new: bool = False, **kwargs: Any) -> None:
        if new:
            kwargs.setdefault(
                "help_text",
                "8-128 characters; not entirely numeric, not a common password, not too like your email or name.",
            )
        super().__init__(
            min_length=8 if new else 1,
            max_length=128,
            trim_whitespace=False,
            **kwargs,
        )


@extend_schema_field(
    {"type": "string", "format": "account-token", "maxLength": 1024, "example": "eyJ1IjoiNjY1ZjFj...:1sXyz:AbCd"}
)
class AccountTokenField(serializers.CharField):
    """The signed token from a verification or reset email (Django's ``signing`` format)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "The `token` query parameter of the link in the email; single use, expiring.")
        super().__init__(max_length=1024, **kwargs)


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = PasswordField(new=True, write_only=True)
    name = serializers.CharField(max_length=150)


class EmailSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class TokenSerializer(serializers.Serializer):
    token = AccountTokenField()


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = PasswordField()


class RefreshSerializer(serializers.Serializer):
    refresh = serializers.CharField(
        max_length=2048, required=False, help_text="Optional when the refresh_token cookie is sent."
    )


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class LoginResponseSerializer(TokenPairSerializer):
    user = UserSerializer()


class ResetPasswordSerializer(serializers.Serializer):
    token = AccountTokenField()
    new_password = PasswordField(new=True)


class ChangePasswordSerializer(serializers.Serializer):
    current_password = PasswordField()
    new_password = PasswordField(new=True)


class DeleteAccountSerializer(serializers.Serializer):
    password = PasswordField(help_text="The account's current password.")


class UserUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    target_role = serializers.CharField(max_length=120, required=False, allow_blank=True)
    experience_level = serializers.ChoiceField(choices=ExperienceLevel.choices, required=False, allow_blank=True)
    skills = serializers.ListField(child=serializers.CharField(max_length=50), max_length=50, required=False)
    settings = UserSettingsSerializer(required=False)

    def validate_skills(self, value: list[str]) -> list[str]:
        seen: dict[str, str] = {}
        for skill in (item.strip() for item in value):
            if skill:
                seen.setdefault(skill.lower(), skill)
        return list(seen.values())


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


def detail(message: Any) -> dict[str, str]:
    return {"detail": str(message)}
