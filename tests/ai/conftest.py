"""Fixtures for the AI layer: a configured OpenAI provider against the fake server, and a signal recorder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ai import Usage, ai_call_finished, get_provider
from ai.providers.base import AIProvider


@pytest.fixture
def openai_provider(settings: Any, openai_server: Any) -> AIProvider:
    settings.AI_PROVIDER = "ai.providers.openai.OpenAIProvider"
    settings.OPENAI_API_KEY = "test"
    settings.OPENAI_BASE_URL = openai_server.base_url
    settings.AI_CHAT_MODEL = "gpt-4o-mini"
    settings.AI_TIMEOUT_SECONDS = 0.5
    settings.AI_MAX_RETRIES = 2
    settings.AI_BACKOFF_BASE_SECONDS = 0.01
    settings.AI_BACKOFF_MAX_SECONDS = 5.0
    settings.AI_BREAKER_FAILURES = 100  # only the breaker tests want it to open
    settings.AI_BREAKER_COOLDOWN_SECONDS = 1
    return get_provider()


@pytest.fixture
def usages() -> Iterator[list[Usage]]:
    """Every Usage reported through ai_call_finished during the test."""
    received: list[Usage] = []

    def record(sender: type, usage: Usage, **kwargs: Any) -> None:
        received.append(usage)

    ai_call_finished.connect(record, weak=False)
    yield received
    ai_call_finished.disconnect(record)
