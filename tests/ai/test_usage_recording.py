"""Every AI call is recorded for analytics with its tokens and cost."""

from typing import Any

import pytest

from ai.providers.base import AIProvider
from ai.types import EvaluationInput
from analytics.models import AICall
from tests.ai.samples import INDEX_QUESTION, STRONG_INDEX_ANSWER, evaluation_reply
from tests.fakes.openai_server import ok_json

pytestmark = pytest.mark.django_db


def test_an_openai_evaluation_is_recorded_with_tokens_and_cost(openai_provider: AIProvider, openai_server: Any) -> None:
    openai_server.enqueue("chat", ok_json(evaluation_reply(score=74)))

    openai_provider.evaluate_answer(EvaluationInput(question=INDEX_QUESTION, answer_text=STRONG_INDEX_ANSWER))

    [call] = AICall.objects.all()
    assert (call.operation, call.provider, call.model, call.ok, call.cached) == (
        "evaluate_answer", "openai", "gpt-4o-mini", True, False,
    )  # fmt: skip
    assert call.prompt_tokens > 0 and call.cost_usd > 0


def test_a_cached_repeat_is_recorded_as_free(openai_provider: AIProvider, openai_server: Any) -> None:
    openai_server.enqueue("chat", ok_json(evaluation_reply(score=74)))
    data = EvaluationInput(question=INDEX_QUESTION, answer_text=STRONG_INDEX_ANSWER)

    openai_provider.evaluate_answer(data)
    openai_provider.evaluate_answer(data)

    assert list(AICall.objects.order_by("created_at").values_list("cached", "cost_usd"))[1] == (True, 0.0)


def test_a_failing_analytics_store_does_not_fail_the_evaluation(
    openai_provider: AIProvider, openai_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    openai_server.enqueue("chat", ok_json(evaluation_reply(score=74)))
    # The collection is gone and the insert fails the way a down database does.
    monkeypatch.setattr(AICall._meta, "db_table", "missing\x00collection")

    evaluation = openai_provider.evaluate_answer(
        EvaluationInput(question=INDEX_QUESTION, answer_text=STRONG_INDEX_ANSWER)
    )

    assert evaluation.score == 74
