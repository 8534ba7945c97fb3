"""Coding questions straight from the shipped bank file, so tests run the real specs."""

from __future__ import annotations

import copy
import json
import os
from typing import Any

import pytest

from questions.models import Question
from questions.services import CODING_FILE

ROWS: list[dict[str, Any]] = json.loads(CODING_FILE.read_text(encoding="utf-8"))

# The kernel's process limit is per host uid: each pytest-xdist worker's sandbox runs get uids of their
# own, or a fork bomb in one worker's run would starve the other worker's honest run of processes.
os.environ["SANDBOX_UID_BASE"] = str(60000 + 100 * int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0))


def coding_row(slug: str) -> dict[str, Any]:
    """A copy: tests may break it."""
    return copy.deepcopy(next(row for row in ROWS if row["slug"] == slug))


def coding_question(slug: str = "code-two-sum") -> Question:
    question = Question(**coding_row(slug))
    question.full_clean()
    question.save()
    return question


@pytest.fixture
def two_sum(db: None) -> Question:
    return coding_question()


@pytest.fixture
def coding_interview(auth_client: Any, two_sum: Question) -> dict[str, Any]:
    """A one-question coding interview asking two_sum (the only coding question in the bank)."""
    response = auth_client.post(
        "/api/v1/interviews/", {"type": "coding", "level": "middle", "question_count": 1}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()
