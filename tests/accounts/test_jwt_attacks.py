"""Access tokens that must never open the API."""

import base64
import json
from datetime import timedelta

import pytest
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tokens import RefreshToken

pytestmark = pytest.mark.django_db


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _me(client, token: str):
    return client.get("/api/v1/auth/me/", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_alg_none_token_is_rejected(api_client, user):
    claims = {"token_type": "access", "user_id": str(user.pk), "exp": 4102444800, "jti": "x"}
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."

    assert _me(api_client, unsigned).status_code == 401


def test_token_signed_with_another_key_is_rejected(api_client, user):
    header, payload, _signature = str(AccessToken.for_user(user)).split(".")
    forged_claims = {**json.loads(base64.urlsafe_b64decode(payload + "==")), "user_id": str(user.pk)}
    forged = f"{header}.{_b64(forged_claims)}.{_signature}"

    assert _me(api_client, forged).status_code == 401


def test_expired_access_token_is_rejected(api_client, user):
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=-timedelta(seconds=1))

    response = _me(api_client, str(token))

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_not_valid"


def test_a_refresh_token_is_not_an_access_token(api_client, user):
    assert _me(api_client, str(RefreshToken.for_user(user))).status_code == 401


def test_access_token_of_a_deactivated_user_is_rejected(api_client, user):
    token = str(AccessToken.for_user(user))
    user.is_active = False
    user.save()

    assert _me(api_client, token).status_code == 401
