import pytest

from support.services import ticket_create


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def ticket(user):
    return ticket_create(user=user, subject="Cannot start an interview", message="The button does nothing.")
