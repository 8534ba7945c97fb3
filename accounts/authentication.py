"""JWT authentication that treats a malformed user id in a token as an invalid token (401), not a 400."""

from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework.request import Request
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings

from accounts.models import User
from accounts.selectors import user_get_authenticated


class JWTAuthentication(authentication.JWTAuthentication):
    def authenticate(self, request: Request) -> Any:
        """Authenticate, then answer in the user's chosen language (over Accept-Language)."""
        result = super().authenticate(request)
        if result is not None and (language := getattr(result[0], "language", "")) in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return result

    def get_user(self, validated_token: Any) -> Any:
        return user_get_authenticated(
            user_id=validated_token.get(api_settings.USER_ID_CLAIM),
            load=lambda: self._get_user_from_database(validated_token),
        )

    def _get_user_from_database(self, validated_token: Any) -> Any:
        """simplejwt's lookup and checks (missing, inactive), with a malformed id as an invalid token."""
        try:
            return super().get_user(validated_token)
        except ValidationError as exc:
            raise InvalidToken("Token contained no recognizable user identification") from exc


class JWTScheme(SimpleJWTScheme):
    """Documents our subclass as the standard Bearer JWT scheme in the OpenAPI schema."""

    target_class = "accounts.authentication.JWTAuthentication"


def authenticated_user(request: Request) -> User:
    """``request.user`` as our User, for views behind IsAuthenticated."""
    return cast(User, request.user)
