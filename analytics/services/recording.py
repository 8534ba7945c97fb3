"""Analytics writes: cheap, and never allowed to break or slow the work they observe.

Each insert runs under a short client-side timeout (server selection included), so
while MongoDB is down a request does not wait the driver's MONGODB_TIMEOUT_MS to drop
its event: it pays at most WRITE_TIMEOUT_SECONDS, and the event is lost.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import pymongo
from bson import ObjectId

from ai.types import Usage
from analytics.models import AICall, Event

logger = logging.getLogger(__name__)

WRITE_TIMEOUT_SECONDS = 0.5


def ai_call_record(*, usage: Usage) -> None:
    """One insert per AI call; a database failure drops the record with a log line."""
    try:
        with pymongo.timeout(WRITE_TIMEOUT_SECONDS):
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


def event_record(
    *,
    name: str,
    user_id: str | ObjectId | None = None,
    properties: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """One insert per product event; a database failure drops the event with a log line,
    because a slow or missing analytics write must not fail the signup or payment it describes."""
    try:
        with pymongo.timeout(WRITE_TIMEOUT_SECONDS):
            Event.objects.create(
                name=name, user_id=user_id, properties=properties or {}, **({"created_at": at} if at else {})
            )
    except Exception:
        logger.warning("analytics event %s dropped", name, exc_info=True)
