import pytest
from django.core import mail
from django.test import override_settings

from conftest import PASSWORD
from support.models import THREAD_MAX_MESSAGES, Ticket
from support.services import ticket_create, tickets_resolve

pytestmark = pytest.mark.django_db

URL = "/api/v1/support/tickets/"


def test_new_ticket_is_created_with_its_first_message_and_emails_the_support_inbox(auth_client, user):
    response = auth_client.post(URL, {"subject": "Billing question", "message": "Was I charged twice?"})

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "new"
    assert body["priority"] == "normal"
    assert body["subject"] == "Billing question"
    assert [(m["message"], m["is_staff"]) for m in body["messages"]] == [("Was I charged twice?", False)]
    assert [m.to for m in mail.outbox] == [["support@interviewprep.local"]]
    assert "Billing question" in mail.outbox[0].subject
    assert "Was I charged twice?" in mail.outbox[0].body
    assert user.email in mail.outbox[0].body


@override_settings(SUPPORT_INBOX_EMAIL="help@example.com")
def test_support_inbox_comes_from_settings(auth_client):
    auth_client.post(URL, {"subject": "Hello there", "message": "Hi"})

    assert [m.to for m in mail.outbox] == [["help@example.com"]]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"subject": "ab", "message": "hi"}, "subject"),
        ({"subject": "x" * 201, "message": "hi"}, "subject"),
        ({"subject": "Valid subject", "message": ""}, "message"),
        ({"subject": "Valid subject", "message": "x" * 5001}, "message"),
        ({"subject": "Valid subject", "message": "\x00\x01\x02"}, "message"),
        ({"subject": "a\x00\x00b", "message": "hi"}, "subject"),
    ],
)
def test_invalid_ticket_is_rejected(auth_client, payload, field):
    response = auth_client.post(URL, payload)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert field in response.json()["error"]["details"]
    assert not Ticket.objects.exists()


def test_control_characters_are_stripped_and_html_is_returned_as_raw_text(auth_client):
    response = auth_client.post(
        URL, {"subject": "Odd\x00 <b>chars</b>", "message": "<script>alert(1)</script>\x00\x07\r\nbye\t!"}
    )

    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    assert response.json()["subject"] == "Odd <b>chars</b>"
    assert response.json()["messages"][0]["message"] == "<script>alert(1)</script>\nbye\t!"


@override_settings(RATELIMIT_TICKETS_PER_USER="2/h")
def test_creating_too_many_tickets_is_rate_limited_per_user(auth_client, other_client):
    statuses = [auth_client.post(URL, {"subject": f"Ticket {n}", "message": "hi"}).status_code for n in range(3)]
    other = other_client.post(URL, {"subject": "Mine", "message": "hi"})

    assert statuses == [201, 201, 429]
    assert int(auth_client.post(URL, {"subject": "Again", "message": "hi"})["Retry-After"]) >= 1
    assert other.status_code == 201
    assert Ticket.objects.count() == 3


def test_list_shows_only_the_callers_tickets_newest_first(auth_client, user, other_user):
    first = ticket_create(user=user, subject="First one", message="a")
    second = ticket_create(user=user, subject="Second one", message="b")
    ticket_create(user=other_user, subject="Not yours", message="c")

    response = auth_client.get(URL)

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert [t["id"] for t in response.json()["results"]] == [str(second.pk), str(first.pk)]


@pytest.mark.parametrize("count", [1, 10])
def test_list_query_count_does_not_grow_with_tickets(auth_client, user, count, django_assert_max_num_queries):
    for n in range(count):
        ticket_create(user=user, subject=f"Ticket {n}", message="hi")

    with django_assert_max_num_queries(3):
        response = auth_client.get(URL)

    assert len(response.json()["results"]) == count


def test_detail_shows_the_thread(auth_client, ticket):
    response = auth_client.get(f"{URL}{ticket.pk}/")

    assert response.status_code == 200
    assert response.json()["id"] == str(ticket.pk)
    [message] = response.json()["messages"]
    assert set(message) == {"message", "is_staff", "created_at"}
    assert message["message"] == "The button does nothing."


@pytest.mark.parametrize("path", ["{pk}/", "{pk}/messages/"])
def test_another_users_ticket_is_not_found(other_client, ticket, path):
    url = URL + path.format(pk=ticket.pk)
    response = other_client.get(url) if path == "{pk}/" else other_client.post(url, {"message": "hi"})

    assert response.status_code == 404
    assert len(Ticket.objects.get().messages) == 1


@pytest.mark.parametrize("ticket_id", ["nope", "0" * 24, "1234"])
def test_malformed_or_unknown_ticket_id_is_not_found(auth_client, ticket_id):
    assert auth_client.get(f"{URL}{ticket_id}/").status_code == 404
    assert auth_client.post(f"{URL}{ticket_id}/messages/", {"message": "hi"}).status_code == 404


def test_anonymous_caller_is_rejected(api_client):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, {"subject": "Hello", "message": "hi"}).status_code == 401


def test_user_reply_is_added_and_restarts_the_sla_clock(auth_client, ticket):
    response = auth_client.post(f"{URL}{ticket.pk}/messages/", {"message": "Still broken."})

    assert response.status_code == 201
    assert [m["message"] for m in response.json()["messages"]] == ["The button does nothing.", "Still broken."]
    assert response.json()["status"] == "new"
    ticket.refresh_from_db()
    assert ticket.last_user_message_at == ticket.messages[1].created_at
    assert len(mail.outbox) == 1  # only the inbox notice of the new ticket; users are not emailed their own words


def test_user_reply_reopens_a_resolved_ticket(auth_client, ticket):
    tickets_resolve(tickets=Ticket.objects.filter(pk=ticket.pk))

    response = auth_client.post(f"{URL}{ticket.pk}/messages/", {"message": "It happened again."})

    assert response.status_code == 201
    assert response.json()["status"] == "in_progress"


def test_empty_reply_is_rejected(auth_client, ticket):
    response = auth_client.post(f"{URL}{ticket.pk}/messages/", {"message": ""})

    assert response.status_code == 400
    assert "message" in response.json()["error"]["details"]


def test_full_thread_rejects_more_messages(auth_client, ticket):
    filler = ticket.messages[0]
    Ticket.objects.filter(pk=ticket.pk).update(messages=[filler] * THREAD_MAX_MESSAGES)

    response = auth_client.post(f"{URL}{ticket.pk}/messages/", {"message": "One more."})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "ticket_thread_full"
    assert len(Ticket.objects.get().messages) == THREAD_MAX_MESSAGES


@pytest.mark.django_db(databases=["default", "billing"])
def test_deleting_an_account_removes_its_tickets(auth_client, other_user, ticket):
    kept = ticket_create(user=other_user, subject="Someone else", message="hi")

    response = auth_client.delete("/api/v1/users/me/", {"password": PASSWORD})

    assert response.status_code == 204
    assert list(Ticket.objects.all()) == [kept]
