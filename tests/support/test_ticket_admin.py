from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from support.admin import sla_age
from support.models import THREAD_MAX_MESSAGES, Ticket
from support.services import ticket_create, ticket_reply_create

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/support/ticket/"


def change_url(ticket):
    return f"{CHANGELIST}{ticket.pk}/change/"


def change_form(ticket, **fields):
    return {"status": ticket.status, "priority": ticket.priority, "assignee": "", "reply": "", **fields}


def test_staff_reply_in_the_admin_emails_the_user_and_starts_work(staff_client, staff_user, user, ticket):
    mail.outbox.clear()

    response = staff_client.post(change_url(ticket), change_form(ticket, reply="Try <b>reloading</b>\nthe page."))

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"
    staff_message = ticket.messages[-1]
    assert (staff_message.body, staff_message.is_staff, staff_message.author_id) == (
        "Try <b>reloading</b>\nthe page.",
        True,
        staff_user.pk,
    )
    [email] = mail.outbox
    assert email.to == [user.email]
    assert "Cannot start an interview" in email.subject
    assert "Try <b>reloading</b>\nthe page." in email.body
    assert isinstance(email, EmailMultiAlternatives)
    html = email.alternatives[0][0]
    assert isinstance(html, str) and "Try &lt;b&gt;reloading&lt;/b&gt;<br>the page." in html


def test_staff_reply_does_not_move_the_sla_clock(staff_client, ticket):
    waiting_since = ticket.last_user_message_at

    staff_client.post(change_url(ticket), change_form(ticket, reply="On it."))

    ticket.refresh_from_db()
    assert ticket.last_user_message_at == waiting_since


def test_lifecycle_across_api_and_admin(staff_client, auth_client, ticket):
    staff_client.post(change_url(ticket), change_form(ticket, reply="Fixed now.", status="resolved"))
    ticket.refresh_from_db()
    assert ticket.status == "resolved"

    auth_client.post(f"/api/v1/support/tickets/{ticket.pk}/messages/", {"message": "Broken again."})

    detail = auth_client.get(f"/api/v1/support/tickets/{ticket.pk}/").json()
    assert detail["status"] == "in_progress"
    assert [(m["message"], m["is_staff"]) for m in detail["messages"]] == [
        ("The button does nothing.", False),
        ("Fixed now.", True),
        ("Broken again.", False),
    ]


def test_editing_fields_without_a_reply_adds_no_message_and_sends_no_email(staff_client, staff_user, ticket):
    mail.outbox.clear()

    staff_client.post(change_url(ticket), change_form(ticket, priority="urgent", assignee=str(staff_user.pk)))

    ticket.refresh_from_db()
    assert (ticket.priority, ticket.assignee_id, ticket.status) == ("urgent", staff_user.pk, "new")
    assert len(ticket.messages) == 1
    assert mail.outbox == []


def test_staff_reply_to_a_full_thread_is_refused_with_a_message(staff_client, ticket):
    Ticket.objects.filter(pk=ticket.pk).update(messages=ticket.messages * THREAD_MAX_MESSAGES)

    response = staff_client.post(change_url(ticket), change_form(ticket, reply="One more."), follow=True)

    assert response.status_code == 200
    assert "This conversation is too long" in response.content.decode()
    assert len(Ticket.objects.get().messages) == THREAD_MAX_MESSAGES


def test_admin_change_page_renders_messages_escaped(staff_client, user):
    ticket = ticket_create(user=user, subject="XSS <i>probe</i>", message="<script>alert('x')</script>")

    page = staff_client.get(change_url(ticket)).content.decode()

    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<script>alert(" not in page
    assert "<i>probe</i>" not in page


def test_changelist_shows_counts_per_status(staff_client, user, ticket):
    ticket_create(user=user, subject="Second ticket", message="hi")
    resolved = ticket_create(user=user, subject="Third ticket", message="hi")
    Ticket.objects.filter(pk=resolved.pk).update(status="resolved")

    page = staff_client.get(CHANGELIST).content.decode()

    assert '<span data-status="new">2</span>' in page
    assert '<span data-status="in_progress">0</span>' in page
    assert '<span data-status="resolved">1</span>' in page


@pytest.mark.parametrize(
    "query",
    ["", "?status__exact=new", "?priority__exact=high", "?assignee=me", "?assignee=none", "?q=ada@", "?q=interview",
     "?o=6", "?o=-6", "?assignee=garbage"],
)  # fmt: skip
def test_changelist_filters_searches_and_sorts(staff_client, ticket, query):
    response = staff_client.get(f"{CHANGELIST}{query}")

    assert response.status_code == 200


def test_filters_and_search_select_the_right_tickets(staff_client, staff_user, user, other_user, ticket):
    urgent = ticket_create(user=other_user, subject="Payment failed", message="hi")
    Ticket.objects.filter(pk=urgent.pk).update(priority="urgent", assignee=staff_user)

    def listed(query):
        page = staff_client.get(f"{CHANGELIST}{query}").content.decode()
        return {t.pk for t in (ticket, urgent) if change_url(t) in page}

    assert listed("?priority__exact=urgent") == {urgent.pk}
    assert listed("?assignee=me") == {urgent.pk}
    assert listed(f"?assignee={staff_user.pk}") == {urgent.pk}
    assert listed("?assignee=none") == {ticket.pk}
    assert listed("?q=grace@") == {urgent.pk}
    assert listed("?q=cannot start") == {ticket.pk}
    assert listed("?status__exact=resolved") == set()


def test_bulk_assign_to_me_and_resolve(staff_client, staff_user, user, ticket):
    second = ticket_create(user=user, subject="Second ticket", message="hi")
    selected = [str(ticket.pk), str(second.pk)]

    staff_client.post(CHANGELIST, {"action": "assign_to_me", "_selected_action": selected})
    assert set(Ticket.objects.values_list("assignee", flat=True)) == {staff_user.pk}

    staff_client.post(CHANGELIST, {"action": "resolve", "_selected_action": selected})
    assert set(Ticket.objects.values_list("status", flat=True)) == {"resolved"}


def test_sla_age_column_shows_time_since_the_last_user_message(staff_client, staff_user, ticket):
    Ticket.objects.filter(pk=ticket.pk).update(last_user_message_at=timezone.now() - timedelta(hours=3, minutes=5))
    ticket_reply_create(ticket=ticket, author=staff_user, body="Looking.", is_staff=True)

    page = staff_client.get(CHANGELIST).content.decode()

    assert '<td class="field-waiting">3 h</td>' in page


@pytest.mark.parametrize(
    ("waited", "shown"),
    [(timedelta(seconds=30), "0 min"), (timedelta(minutes=45), "45 min"), (timedelta(hours=47), "47 h"),
     (timedelta(days=3, hours=2), "3 d")],
)  # fmt: skip
def test_sla_age_is_compact(waited, shown):
    now = timezone.now()

    assert sla_age(now - waited, now) == shown


def test_tickets_are_closed_to_non_staff(client, user, ticket):
    client.force_login(user)

    assert client.get(CHANGELIST).status_code == 302
    assert client.get(change_url(ticket)).status_code == 302
