"""Read-only share links to an interview's report."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone

from interviews.errors import InterviewNotCompleted
from interviews.models import Interview, ShareLink
from interviews.selectors import share_token_digest

SHARE_DAYS_DEFAULT = 7


def share_link_create(*, interview: Interview, days: int = SHARE_DAYS_DEFAULT) -> tuple[ShareLink, str]:
    """A new link to the completed interview's report, valid for ``days``; returns the link and its
    token, which is shown this once (only its digest is stored)."""
    if interview.status != Interview.Status.COMPLETED:
        raise InterviewNotCompleted(details={"status": interview.status})
    token = secrets.token_urlsafe(32)
    link = ShareLink(
        interview=interview,
        token_hash=share_token_digest(token),
        expires_at=timezone.now() + timedelta(days=days),
    )
    link.save()
    return link, token


def share_links_revoke(*, interview: Interview) -> int:
    """Revoke every working link to the interview's report; returns how many."""
    return ShareLink.objects.filter(interview=interview, revoked_at__isnull=True).update(revoked_at=timezone.now())
