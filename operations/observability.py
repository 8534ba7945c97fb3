"""Sentry set-up and the scrubbing every event passes before it leaves the process.

Personal data never leaves: sentry-sdk's EventScrubber blanks denylisted keys (credentials, tokens,
cookies, and our fields that carry people's words: answers, transcripts, resumes, chat and ticket
text) in request bodies, headers, extra data and breadcrumbs; ``scrub_event`` then replaces every
email address left anywhere in the event (messages, exception values, log breadcrumbs, URLs) and
keeps only the user's id.
"""

from __future__ import annotations

import re
from typing import Any, cast

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST, EventScrubber
from sentry_sdk.types import Event, Hint

# Request and payload keys whose values are personal or secret (DRF serializer field names included).
DENYLIST = [
    *DEFAULT_DENYLIST,
    *DEFAULT_PII_DENYLIST,
    "access",
    "refresh",
    "current_password",
    "new_password",
    "email",
    "name",
    "text",
    "answer_text",
    "transcript",
    "audio",
    "file",
    "resume",
    "resume_text",
    "content",
    "message",
    "reply",
    "description",
    "job_description",
    "feedback",
    "summary",
]

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_REDACTED = "[email]"


def _without_emails(value: Any) -> Any:
    if isinstance(value, str):
        return _EMAIL.sub(_REDACTED, value)
    if isinstance(value, dict):
        return {key: _without_emails(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_emails(item) for item in value]
    return value


def scrub_event(event: Event, hint: Hint) -> Event:
    """Sentry's ``before_send``: runs after EventScrubber, on the serialised event."""
    scrubbed = cast(Event, _without_emails(event))
    if user := scrubbed.get("user"):
        scrubbed["user"] = {key: value for key, value in user.items() if key == "id"}
    return scrubbed


def sentry_init(*, dsn: str, environment: str, release: str | None, traces_sample_rate: float) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # send_default_pii stays unset, which is False: sentry-sdk 2.75 warns when it is passed at all.
        event_scrubber=EventScrubber(denylist=DENYLIST, recursive=True),
        # Locals hold answers and resume text under any name (data, value, chunk): no denylist catches them.
        include_local_variables=False,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
    )
