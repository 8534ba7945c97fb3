"""Coaching fixtures: a premium (staff) client whose profile targets a backend role."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import User
from conftest import authenticate


@pytest.fixture
def coached_user(staff_user: User) -> User:
    """Staff have every plan feature; a target role gives the analysis gaps to find."""
    staff_user.target_role = "Backend Developer"
    staff_user.experience_level = "middle"
    staff_user.save(update_fields=["target_role", "experience_level"])
    return staff_user


@pytest.fixture
def coach_client(coached_user: User) -> APIClient:
    return authenticate(APIClient(), coached_user)


def upload(client: APIClient, data: bytes, name: str = "resume.pdf", content_type: str = "application/pdf"):
    return client.post(
        "/api/v1/resume/", {"file": SimpleUploadedFile(name, data, content_type=content_type)}, format="multipart"
    )


from tests.ai.conftest import openai_provider  # noqa: E402,F401  (the OpenAI provider against the fake server)
