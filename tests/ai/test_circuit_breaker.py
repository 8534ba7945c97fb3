"""The circuit breaker: shared through the cache, opens after N failed requests, closes after the cooldown."""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest

from ai.errors import ProviderUnavailable
from ai.providers.base import AIProvider
from ai.types import EvaluationInput
from tests.ai.samples import INDEX_QUESTION, STRONG_INDEX_ANSWER, evaluation_reply
from tests.fakes.openai_server import http_error, ok_json

_attempts = itertools.count()


def answer() -> EvaluationInput:
    """A different answer each time, so no call is answered from the result cache."""
    return EvaluationInput(question=INDEX_QUESTION, answer_text=f"{STRONG_INDEX_ANSWER} (take {next(_attempts)})")


@pytest.fixture
def fragile_provider(openai_provider: AIProvider, settings: Any) -> AIProvider:
    settings.AI_MAX_RETRIES = 0
    settings.AI_BREAKER_FAILURES = 3
    settings.AI_BREAKER_COOLDOWN_SECONDS = 1
    return openai_provider


def fail_times(provider: AIProvider, times: int) -> None:
    for _ in range(times):
        with pytest.raises(ProviderUnavailable):
            provider.evaluate_answer(answer())


def test_breaker_opens_after_consecutive_failures_and_stops_calling_the_server(
    fragile_provider: AIProvider, openai_server: Any
) -> None:
    openai_server.default_chat = lambda request: http_error(500)

    fail_times(fragile_provider, 3)
    fail_times(fragile_provider, 5)

    assert len(openai_server.requests) == 3


def test_breaker_lets_a_request_through_after_the_cooldown_and_a_success_closes_it(
    fragile_provider: AIProvider, openai_server: Any
) -> None:
    openai_server.default_chat = lambda request: http_error(500)
    fail_times(fragile_provider, 3)
    openai_server.default_chat = lambda request: ok_json(evaluation_reply(score=70))

    fail_times(fragile_provider, 1)  # still open: nothing reaches the recovered server
    time.sleep(1.1)
    assert fragile_provider.evaluate_answer(answer()).score == 70
    openai_server.default_chat = lambda request: http_error(500)
    fail_times(fragile_provider, 2)  # closed again: these failures reach the server

    assert len(openai_server.requests) == 3 + 1 + 2


def test_a_failure_right_after_the_cooldown_reopens_the_breaker(
    fragile_provider: AIProvider, openai_server: Any
) -> None:
    openai_server.default_chat = lambda request: http_error(500)
    fail_times(fragile_provider, 3)
    time.sleep(1.1)

    fail_times(fragile_provider, 1)  # the trial request fails...
    fail_times(fragile_provider, 2)  # ...so the breaker is open again at once

    assert len(openai_server.requests) == 4
