"""The demo history command: volumes, determinism of the marker, idempotence."""

import pytest
from django.core.management import call_command
from djstripe.models import Subscription

from accounts.models import User
from analytics.models import AICall, Event
from analytics.services.demo import DEMO_DOMAIN
from interviews.models import Answer, Interview

pytestmark = pytest.mark.django_db


def _volumes() -> dict[str, int]:
    return {
        "users": User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count(),
        "interviews": Interview.objects.count(),
        "answers": Answer.objects.count(),
        "events": Event.objects.count(),
        "ai_calls": AICall.objects.count(),
        "subscriptions": Subscription.objects.count(),
    }


def test_seed_creates_the_requested_history_once(capsys):
    call_command("seed_demo_data", users=20, interviews=60, seed=3)
    first = _volumes()

    assert first["users"] == 20
    assert first["interviews"] == 60
    assert first["answers"] > 60  # completed interviews have 3-5 answers
    assert first["ai_calls"] == first["answers"]
    assert Interview.objects.filter(status=Interview.Status.COMPLETED, overall_score__isnull=False).exists()
    assert first["events"] >= 20 + 60 + first["answers"]  # signups, starts, evaluations (plus logins)
    assert "demo data: 20 users, 60 interviews" in capsys.readouterr().out

    call_command("seed_demo_data", users=20, interviews=60, seed=3)

    assert _volumes() == first
    assert "already present" in capsys.readouterr().out


def test_force_replaces_the_demo_history_instead_of_adding_to_it():
    call_command("seed_demo_data", users=20, interviews=60, seed=3)
    first = _volumes()

    call_command("seed_demo_data", users=20, interviews=60, seed=3, force=True)

    assert _volumes() == first
