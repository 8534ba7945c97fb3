"""The demo history command: volumes, determinism of the marker, idempotence, the plans' prices."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from djstripe.models import Subscription

from accounts.models import User
from analytics.models import AICall, Event
from analytics.services.demo import DEMO_DOMAIN
from billing.models import Plan
from billing.plans import default_plans
from billing.services import plans_seed
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


def _subscription_prices() -> set[tuple[str, int, str]]:
    return {
        (price["recurring"]["interval"], price["unit_amount"], price["currency"])
        for price in (sub.stripe_data["items"]["data"][0]["price"] for sub in Subscription.objects.all())
    }


def test_demo_subscribers_pay_the_premium_plans_prices():
    call_command("seed_demo_data", users=120, interviews=10, seed=3)

    listed = {
        (plan.interval, int(Decimal(plan.price) * 100), plan.currency) for plan in default_plans() if plan.interval
    }
    assert _subscription_prices() == listed  # both intervals are drawn with this seed


def test_demo_prices_follow_a_price_staff_changed_in_the_admin():
    plans_seed()
    Plan.objects.filter(code="premium_yearly").update(price=Decimal("240.00"))

    call_command("seed_demo_data", users=120, interviews=10, seed=3)

    assert ("year", 24000, "usd") in _subscription_prices()
