"""Ticket reads: the owner's tickets (another user's ticket is a 404) and the staff queue's figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from accounts.models import User
from kernel.api.fields import parse_object_id
from kernel.errors import NotFound
from support.models import Ticket


def ticket_list(*, user: User) -> QuerySet[Ticket]:
    """The user's tickets, newest first, without their threads (a list shows no messages)."""
    return Ticket.objects.filter(user=user).defer("messages").order_by("-created_at")


def ticket_get(*, user: User, ticket_id: Any) -> Ticket:
    """404 for a malformed id, an unknown one, or another user's ticket."""
    object_id = parse_object_id(ticket_id)
    ticket = Ticket.objects.filter(pk=object_id, user=user).first() if object_id else None
    if ticket is None:
        raise NotFound()
    return ticket


def ticket_status_counts() -> dict[str, int]:
    """Tickets per status (every status present, zeros included), grouped in one database query."""
    counted = Ticket.objects.order_by().values("status").annotate(count=Count("pk"))
    by_status = {row["status"]: row["count"] for row in counted}
    return {status: by_status.get(status, 0) for status in Ticket.Status.values}
