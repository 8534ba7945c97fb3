"""Shared fixtures. The test settings start real SecantusDB and redis-server
processes for this test process (see interviewprep/settings/test.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tokens import RefreshToken
from kernel import outages
from tests.questions.factories import QuestionFactory

pytest_plugins = [
    "tests.fakes.openai_server",
    "tests.fakes.s3_server",
    "tests.fakes.stripe",
    "tests.postgres",
    "tests.workers",
]

PASSWORD = "correct-horse-battery-staple"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every database test both databases, as production code has: any
    request may ask billing (the relational database) what the user's plan is."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and "databases" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(*marker.args, **{**marker.kwargs, "databases": "__all__"}))


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """Rate-limit counters, cached answers and a dependency's open breaker must not leak between tests."""
    outages.reset_all()
    for store in caches.all():
        store.clear()
    yield
    outages.reset_all()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def make_user(email: str = "ada@example.com", **fields: Any) -> User:
    fields.setdefault("name", "Ada Lovelace")
    fields.setdefault("is_email_verified", True)
    return User.objects.create_user(email, PASSWORD, **fields)


@pytest.fixture
def user(db: None) -> User:
    return make_user()


@pytest.fixture
def other_user(db: None) -> User:
    return make_user("grace@example.com", name="Grace Hopper")


@pytest.fixture
def staff_user(db: None) -> User:
    return make_user("staff@example.com", name="Staff Member", role=User.Role.STAFF)


def authenticate(client: APIClient, user: User) -> APIClient:
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def auth_client(user: User) -> APIClient:
    return authenticate(APIClient(), user)


@pytest.fixture
def other_client(other_user: User) -> APIClient:
    return authenticate(APIClient(), other_user)


@pytest.fixture
def bank(db: None) -> list[Any]:
    """Twelve middle-level technical questions, each with key points the offline rubric checks."""
    return [
        QuestionFactory(
            key_points=["explains the trade-off between consistency and latency", "gives a concrete example"],
            tags=["python", "databases"],
        )
        for _ in range(12)
    ]
