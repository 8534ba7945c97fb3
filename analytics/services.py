"""Analytics writes: cheap, and never allowed to break the work they observe."""

from __future__ import annotations

import logging

from ai.types import Usage
from analytics.models import AICall

logger = logging.getLogger(__name__)


def ai_call_record(*, usage: Usage) -> None:
    """One insert per AI call; a database failure drops the record with a log line."""
    try:
        AICall.objects.create(
            operation=usage.operation,
            provider=usage.provider,
            model=usage.model,
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            cost_usd=usage.cost_usd,
            latency_ms=usage.latency_ms,
            cached=usage.cached,
            ok=usage.ok,
        )
    except Exception:  # analytics must never fail the evaluation or request it observes
        logger.warning("AI call record dropped", exc_info=True)
