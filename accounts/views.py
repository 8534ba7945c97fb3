"""Auth and account endpoints: thin views over accounts.services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework_simplejwt.settings import api_settings as jwt_settings

from accounts import serializers as s
from accounts import services
from accounts.authentication import authenticated_user
from kernel.api.ratelimit import client_ip
from kernel.api.schema import body_on_delete, error_response
from kernel.errors import Unauthenticated

REFRESH_COOKIE = settings.REFRESH_COOKIE_NAME


def _validated(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _token_response(refresh: Any, *, body: dict[str, Any] | None = None, status_code: int = 200) -> Response:
    """Tokens in the body, and the refresh token again as an httpOnly cookie."""
    response = Response(
        {"access": str(refresh.access_token), "refresh": str(refresh), **(body or {})}, status=status_code
    )
    response.set_cookie(
        REFRESH_COOKIE,
        str(refresh),
        max_age=int(jwt_settings.REFRESH_TOKEN_LIFETIME.total_seconds()),
        path=settings.REFRESH_COOKIE_PATH,
        secure=not settings.DEBUG,
        httponly=True,
        samesite="Lax",
    )
    return response


def _presented_refresh(request: Request) -> str:
    data = _validated(s.RefreshSerializer, request)
    raw = data.get("refresh") or request.COOKIES.get(REFRESH_COOKIE, "")
    if not raw:
        raise Unauthenticated(_("No refresh token was provided."), code="token_not_valid")
    return str(raw)


class AuthViewSet(viewsets.ViewSet):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(
        request=s.RegisterSerializer,
        responses={201: s.UserSerializer, 409: error_response("`email_taken`: an account with this email exists.")},
    )
    @action(detail=False, methods=["post"])
    def register(self, request: Request) -> Response:
        data = _validated(s.RegisterSerializer, request)
        user = services.user_register(**data, client_ip=client_ip(request), language=get_language() or "")
        return Response(s.UserSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.TokenSerializer, responses={200: s.UserSerializer})
    @action(detail=False, methods=["post"], url_path="verify-email")
    def verify_email(self, request: Request) -> Response:
        user = services.user_verify_email(**_validated(s.TokenSerializer, request))
        return Response(s.UserSerializer(user).data)

    @extend_schema(request=s.EmailSerializer, responses={200: s.DetailSerializer})
    @action(detail=False, methods=["post"], url_path="resend-verification")
    def resend_verification(self, request: Request) -> Response:
        services.verification_email_resend(**_validated(s.EmailSerializer, request), client_ip=client_ip(request))
        return Response(s.detail(_("If an unverified account uses this address, we have sent it a new link.")))

    @extend_schema(
        request=s.LoginSerializer,
        responses={200: s.LoginResponseSerializer, 401: error_response("Email or password is incorrect.")},
    )
    @action(detail=False, methods=["post"])
    def login(self, request: Request) -> Response:
        user, refresh = services.auth_login(**_validated(s.LoginSerializer, request), client_ip=client_ip(request))
        return _token_response(refresh, body={"user": s.UserSerializer(user).data})

    @extend_schema(
        request=s.RefreshSerializer,
        responses={200: s.TokenPairSerializer, 401: error_response("Refresh token invalid, expired or revoked.")},
    )
    @action(detail=False, methods=["post"])
    def refresh(self, request: Request) -> Response:
        refresh = services.auth_refresh(refresh=_presented_refresh(request), client_ip=client_ip(request))
        return _token_response(refresh)

    @extend_schema(
        request=s.RefreshSerializer,
        responses={204: None, 401: error_response("Refresh token invalid or expired.")},
    )
    @action(detail=False, methods=["post"])
    def logout(self, request: Request) -> Response:
        services.auth_logout(refresh=_presented_refresh(request))
        response = Response(status=status.HTTP_204_NO_CONTENT)
        response.delete_cookie(REFRESH_COOKIE, path=settings.REFRESH_COOKIE_PATH, samesite="Lax")
        return response

    @extend_schema(request=s.EmailSerializer, responses={200: s.DetailSerializer})
    @action(detail=False, methods=["post"], url_path="forgot-password")
    def forgot_password(self, request: Request) -> Response:
        services.password_forgot(**_validated(s.EmailSerializer, request), client_ip=client_ip(request))
        return Response(s.detail(_("If an account uses this address, we have sent it a link to reset the password.")))

    @extend_schema(request=s.ResetPasswordSerializer, responses={200: s.DetailSerializer})
    @action(detail=False, methods=["post"], url_path="reset-password")
    def reset_password(self, request: Request) -> Response:
        services.password_reset(**_validated(s.ResetPasswordSerializer, request))
        return Response(s.detail(_("Your password has been changed. Sign in with the new one.")))


class MeViewSet(viewsets.GenericViewSet):
    """The signed-in user: ``/auth/me/`` and ``/users/me/``."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.UserSerializer

    @extend_schema(responses={200: s.UserSerializer})
    def retrieve(self, request: Request) -> Response:
        return Response(s.UserSerializer(request.user).data)

    @extend_schema(request=s.UserUpdateSerializer, responses={200: s.UserSerializer})
    def partial_update(self, request: Request) -> Response:
        serializer = s.UserUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.user_update(user=authenticated_user(request), data=serializer.validated_data)
        return Response(s.UserSerializer(user).data)

    @extend_schema(request=s.DeleteAccountSerializer, responses={204: None})
    @body_on_delete
    def destroy(self, request: Request) -> Response:
        services.user_delete(user=authenticated_user(request), **_validated(s.DeleteAccountSerializer, request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.ChangePasswordSerializer, responses={200: s.DetailSerializer})
    def change_password(self, request: Request) -> Response:
        services.password_change(user=authenticated_user(request), **_validated(s.ChangePasswordSerializer, request))
        return Response(s.detail(_("Your password has been changed. Other sessions have been signed out.")))
