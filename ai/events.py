"""The one place AI calls are accounted for: a signal for metrics and billing, and a log line."""

from __future__ import annotations

import logging
from dataclasses import asdict

from django.dispatch import Signal

from ai.types import Usage

logger = logging.getLogger(__name__)

# Sent once per provider call (including cache hits, cached=True): sender=provider class, usage=ai.types.Usage.
ai_call_finished = Signal()


def report(sender: type, usage: Usage) -> None:
    logger.info(
        "ai %s %s/%s ok=%s cached=%s tokens=%d+%d cost=$%.6f %.0fms",
        usage.operation,
        usage.provider,
        usage.model,
        usage.ok,
        usage.cached,
        usage.prompt_tokens,
        usage.completion_tokens,
        usage.cost_usd,
        usage.latency_ms,
        extra={"ai_usage": asdict(usage)},
    )
    ai_call_finished.send(sender=sender, usage=usage)
