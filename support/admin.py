"""The staff support queue. Replies and bulk actions call the same services as the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from accounts.admin_lists import GrowingCollectionAdmin
from accounts.models import User
from kernel.api.fields import parse_object_id
from kernel.errors import Conflict
from support.models import MESSAGE_MAX_LENGTH, Ticket
from support.selectors import ticket_status_counts
from support.services import ticket_fields_update, ticket_reply_create, tickets_assign, tickets_resolve


class AssigneeFilter(admin.SimpleListFilter):
    title = _("assignee")
    parameter_name = "assignee"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        staff = User.objects.filter(role__in=[User.Role.STAFF, User.Role.ADMIN]).order_by("email")
        return [("me", _("Me")), ("none", _("Unassigned")), *((str(member.pk), member.email) for member in staff)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Ticket]) -> QuerySet[Ticket]:
        value = self.value()
        if value == "me":
            return queryset.filter(assignee=request.user.pk)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value:
            assignee_id = parse_object_id(value)
            return queryset.filter(assignee=assignee_id) if assignee_id else queryset.none()
        return queryset


class TicketAdminForm(forms.ModelForm):
    reply = forms.CharField(
        label=_("Reply"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sent to the user by email and added to the conversation."),
    )

    class Meta:
        model = Ticket
        fields = ["status", "priority", "assignee"]


def _staff(request: HttpRequest) -> User:
    """``request.user`` as our User: the admin only lets staff in."""
    return cast(User, request.user)


def sla_age(since: datetime, now: datetime) -> str:
    """Compact waiting time for the queue: "45 min", "3 h", "2 d"."""
    minutes = int((now - since).total_seconds() // 60)
    if minutes < 60:
        return _("%(count)d min") % {"count": max(minutes, 0)}
    if minutes < 48 * 60:
        return _("%(count)d h") % {"count": minutes // 60}
    return _("%(count)d d") % {"count": minutes // (24 * 60)}


@admin.register(Ticket)
class TicketAdmin(GrowingCollectionAdmin):
    form = TicketAdminForm
    change_list_template = "admin/support/ticket/change_list.html"
    list_display = ("subject", "user", "status", "priority", "assignee", "waiting", "updated_at")
    list_filter = ("status", "priority", AssigneeFilter)
    search_fields = ("subject", "user__email")
    list_related = ("user", "assignee")
    # No recent window: an open ticket stays in the queue however old it is (the count is capped).
    list_deferred = ("messages",)
    ordering = ("-last_user_message_at",)
    readonly_fields = ("user", "subject", "created_at", "updated_at", "last_user_message_at", "thread")
    fieldsets = (
        (None, {"fields": ("user", "subject", "status", "priority", "assignee")}),
        (_("Conversation"), {"fields": ("thread", "reply")}),
        (_("Dates"), {"fields": ("created_at", "updated_at", "last_user_message_at")}),
    )
    actions = ["assign_to_me", "resolve"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Tickets are opened by users through the API."""
        return False

    @admin.display(description=_("SLA age"), ordering="last_user_message_at")
    def waiting(self, ticket: Ticket) -> str:
        """Time since the user last wrote; nobody is waiting on a resolved ticket."""
        if ticket.status == Ticket.Status.RESOLVED:
            return str(self.get_empty_value_display())
        return sla_age(ticket.last_user_message_at, timezone.now())

    @admin.display(description=_("Messages"))
    def thread(self, ticket: Ticket) -> SafeString:
        """The conversation, every body escaped (plain text, never HTML)."""
        return format_html_join(
            "",
            '<div style="margin-bottom:1em"><strong>{}</strong> <small>{}</small><div>{}</div></div>',
            (
                (
                    _("Staff") if item.is_staff else ticket.user.email,
                    f"{item.created_at:%Y-%m-%d %H:%M} UTC",
                    linebreaksbr(item.body),
                )
                for item in ticket.messages
            ),
        ) or format_html("<em>{}</em>", _("No messages."))

    def save_model(self, request: HttpRequest, obj: Ticket, form: Any, change: bool) -> None:
        """Save only the edited fields (a whole-document save could drop a message that just
        arrived), then post the reply through the service, which emails the user."""
        ticket_fields_update(
            ticket=obj, fields=[name for name in form.changed_data if name in TicketAdminForm.Meta.fields]
        )
        if form.cleaned_data.get("reply"):
            try:
                ticket_reply_create(ticket=obj, author=_staff(request), body=form.cleaned_data["reply"], is_staff=True)
            except Conflict as exc:  # the admin has no API error handler: show the reason instead of a 500
                self.message_user(request, str(exc.message), messages.ERROR)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        counts = ticket_status_counts()
        context = {
            **(extra_context or {}),
            "status_counts": [(status, label, counts[status]) for status, label in Ticket.Status.choices],
        }
        return super().changelist_view(request, extra_context=context)

    @admin.action(description=_("Assign to me"))
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[Ticket]) -> None:
        count = tickets_assign(tickets=queryset, assignee=_staff(request))
        self.message_user(request, _("%(count)d ticket(s) assigned to you.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Mark as resolved"))
    def resolve(self, request: HttpRequest, queryset: QuerySet[Ticket]) -> None:
        count = tickets_resolve(tickets=queryset)
        self.message_user(request, _("%(count)d ticket(s) resolved.") % {"count": count}, messages.SUCCESS)
