"""Ticket writes: opening a ticket, replying on its thread, and the staff queue's bulk actions.

A reply is appended with one conditional ``$push`` (no read-modify-write), so
concurrent messages are never lost and the thread never grows past its bound.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.db import connections, router
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from kernel.api import ratelimit
from kernel.api.fields import parse_object_id
from kernel.db.collections import collection_for
from kernel.emails import send_templated_email
from kernel.errors import Conflict, ValidationFailed
from kernel.outbox import enqueue_on_commit
from support.models import THREAD_MAX_MESSAGES, Ticket, TicketMessage

# C0 controls except tab and newline, DEL, and C1 controls; carriage returns are normalised first.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def text_clean(*, text: str) -> str:
    """Plain text as stored: newlines normalised, NULs and other control characters removed, ends trimmed."""
    return _CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _now() -> datetime:
    """MongoDB keeps milliseconds: truncating keeps the object returned equal to the one stored."""
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _message_build(*, body: str, author: User, is_staff: bool) -> TicketMessage:
    message = TicketMessage(body=text_clean(text=body), author_id=author.pk, is_staff=is_staff, created_at=_now())
    message.full_clean()
    return message


def ticket_create(*, user: User, subject: str, message: str) -> Ticket:
    """Open a ticket with its first message and email the support inbox.

    Only valid tickets count against the per-user rate limit."""
    first = _message_build(body=message, author=user, is_staff=False)
    ticket = Ticket(user=user, subject=text_clean(text=subject), messages=[first])
    ticket.last_user_message_at = ticket.updated_at = ticket.created_at = first.created_at
    ticket.full_clean(exclude=["user", "assignee"])
    ratelimit.enforce(group="support:ticket", value=str(user.pk), rate=settings.RATELIMIT_TICKETS_PER_USER)
    ticket.save()
    from support.tasks import ticket_created_email_task

    enqueue_on_commit(ticket_created_email_task, ticket_id=str(ticket.pk))
    return ticket


def ticket_reply_create(*, ticket: Ticket, author: User, body: str, is_staff: bool) -> TicketMessage:
    """Append a message to the thread and move the ticket along.

    A user's message restarts the SLA clock and reopens a resolved ticket (to
    ``in_progress``: it has been handled before); a staff reply takes a ``new``
    ticket into ``in_progress`` and is emailed to the user. A full thread is a 409.
    ``ticket`` is refreshed in place, so callers can return it as stored.
    """
    message = _message_build(body=body, author=author, is_staff=is_staff)
    changes: dict[str, object] = {"updated_at": message.created_at}
    if not is_staff:
        changes["last_user_message_at"] = message.created_at
    pushed = collection_for(Ticket, write=True).update_one(
        {"_id": ticket.pk, f"messages.{THREAD_MAX_MESSAGES - 1}": {"$exists": False}},
        {"$push": {"messages": _message_document(message)}, "$set": changes},
    )
    if not pushed.modified_count:
        raise Conflict(_("This conversation is too long. Please open a new ticket."), code="ticket_thread_full")
    reopened_from = Ticket.Status.NEW if is_staff else Ticket.Status.RESOLVED
    Ticket.objects.filter(pk=ticket.pk, status=reopened_from).update(status=Ticket.Status.IN_PROGRESS)
    if is_staff:
        from support.tasks import ticket_reply_email_task

        enqueue_on_commit(ticket_reply_email_task, ticket_id=str(ticket.pk), message_id=str(message.message_id))
    ticket.refresh_from_db()
    return message


def _message_document(message: TicketMessage) -> dict[str, object]:
    """The message as the backend itself stores an embedded model, for a raw ``$push``."""
    field = Ticket._meta.get_field("messages")
    return field.base_field.get_db_prep_save(message, connections[router.db_for_write(Ticket)])  # type: ignore[union-attr]


def tickets_assign(*, tickets: QuerySet[Ticket], assignee: User) -> int:
    """Assign tickets to a staff member (admin bulk action); returns how many changed."""
    if not assignee.is_staff:
        raise ValidationFailed(details={"assignee": [_("Only staff members can be assigned tickets.")]})
    return tickets.exclude(assignee=assignee).update(assignee=assignee, updated_at=_now())


def tickets_resolve(*, tickets: QuerySet[Ticket]) -> int:
    """Mark tickets resolved; a later user message reopens them. Returns how many changed."""
    return tickets.exclude(status=Ticket.Status.RESOLVED).update(status=Ticket.Status.RESOLVED, updated_at=_now())


def ticket_created_email_send(*, ticket_id: str) -> None:
    """Tell the support inbox about a new ticket, with a link to its admin page."""
    ticket = Ticket.objects.select_related("user").filter(pk=parse_object_id(ticket_id)).first()
    if ticket is None:
        return
    send_templated_email(
        to=settings.SUPPORT_INBOX_EMAIL,
        template="ticket_created",
        context={
            "ticket": ticket,
            "message": ticket.messages[0],
            "admin_path": reverse("admin:support_ticket_change", args=[ticket.pk]),
        },
    )


def ticket_reply_email_send(*, ticket_id: str, message_id: str) -> None:
    """Email a staff reply to the ticket's owner, in their language."""
    ticket = Ticket.objects.select_related("user").filter(pk=parse_object_id(ticket_id)).first()
    wanted = parse_object_id(message_id)
    message = next((item for item in ticket.messages if item.message_id == wanted), None) if ticket else None
    if ticket is None or message is None:
        return
    send_templated_email(
        to=ticket.user.email,
        template="ticket_reply",
        language=ticket.user.language,
        context={"ticket": ticket, "message": message, "user": ticket.user},
    )


def ticket_fields_update(*, ticket: Ticket, fields: list[str]) -> None:
    """Save staff edits (status, priority, assignee) field by field: a whole-document
    save could drop a user message that arrived while the page was open."""
    if fields:
        ticket.updated_at = timezone.now()
        ticket.save(update_fields=[*fields, "updated_at"])
