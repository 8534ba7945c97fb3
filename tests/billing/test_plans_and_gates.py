"""Plans, plan gates, complimentary premium and the cases without Stripe."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import User
from billing.models import Plan, PremiumGrant
from billing.services import plans_seed
from conftest import PASSWORD
from tests.billing.conftest import Stripe
from tests.interviews.conftest import start

pytestmark = pytest.mark.django_db

GENERATE = "/api/v1/questions/generate/"


def test_plans_are_public_with_prices_and_limits(api_client):
    plans_seed()

    response = api_client.get("/api/v1/billing/plans/")

    assert response.status_code == 200
    plans = {plan["code"]: plan for plan in response.json()}
    assert set(plans) == {"free", "premium_monthly", "premium_yearly"}
    assert (plans["free"]["weekly_interview_limit"], plans["free"]["features"]) == (2, [])
    assert plans["premium_monthly"]["interval"] == "month"
    assert "chat_coach" in plans["premium_yearly"]["features"]


def test_without_stripe_keys_checkout_and_portal_are_503_and_the_rest_works(auth_client):
    checkout = auth_client.post("/api/v1/billing/checkout-session/", {"plan": "premium"}, format="json")
    portal = auth_client.post("/api/v1/billing/portal-session/")
    subscription = auth_client.get("/api/v1/billing/subscription/")

    assert (checkout.status_code, portal.status_code) == (503, 503)
    assert checkout.json()["error"]["code"] == "billing_not_configured"
    assert subscription.status_code == 200
    assert subscription.json()["plan"] == "free"


def test_free_users_get_403_plan_required_naming_the_plan(auth_client):
    response = auth_client.post(GENERATE, {"type": "technical", "level": "junior", "topic": "caching"}, format="json")

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "plan_required"
    assert error["details"]["required_plan"] == "premium"


def test_a_complimentary_grant_unlocks_premium_until_revoked(auth_client, user, bank, client, staff_user):
    plans_seed()
    out = StringIO()
    call_command("grant_premium", user.email, "--days", "30", "--reason", "conference speaker", stdout=out)

    assert "has premium until" in out.getvalue()
    assert auth_client.get("/api/v1/billing/subscription/").json()["status"] == "complimentary"
    assert [start(auth_client).status_code for _ in range(3)] == [201, 201, 201]

    client.force_login(staff_user)
    grant = PremiumGrant.objects.get()
    client.post("/admin/billing/premiumgrant/", {"action": "revoke", "_selected_action": [str(grant.pk)]})

    grant.refresh_from_db()
    assert (grant.granted_by, grant.revoked_by) == ("shell", staff_user.email)
    assert auth_client.get("/api/v1/billing/subscription/").json()["plan"] == "free"
    assert start(auth_client).status_code == 429


def test_staff_grant_premium_from_the_admin_with_an_audit_trail(client, staff_user, user):
    plans_seed()
    client.force_login(staff_user)

    response = client.post(
        "/admin/billing/premiumgrant/add/", {"email": user.email, "days": "14", "reason": "support goodwill"}
    )

    assert response.status_code == 302
    grant = PremiumGrant.objects.get()
    assert (grant.user_id, grant.granted_by, grant.reason) == (str(user.pk), staff_user.email, "support goodwill")
    assert client.post(f"/admin/billing/premiumgrant/{grant.pk}/delete/").status_code == 403


def test_granting_to_an_unknown_email_is_refused(client, staff_user):
    plans_seed()
    client.force_login(staff_user)

    response = client.post("/admin/billing/premiumgrant/add/", {"email": "nobody@example.com", "days": "14"})

    assert response.status_code == 200
    assert "No user with this email" in response.content.decode()
    assert not PremiumGrant.objects.exists()


def test_editing_a_plan_in_the_admin_changes_limits_at_once(auth_client, client, staff_user, bank):
    plans_seed()
    assert auth_client.get("/api/v1/billing/subscription/").json()["weekly_interview_limit"] == 2
    client.force_login(staff_user)
    free = Plan.objects.get(code="free")

    client.post(
        f"/admin/billing/plan/{free.pk}/change/",
        {"code": "free", "name": "Free", "tier": "free", "price": "0", "currency": "usd", "interval": "",
         "weekly_interview_limit": "3", "weekly_second_chance_limit": "3", "daily_chat_message_limit": "50",
         "features": "[]", "stripe_price_id": "", "is_active": "on", "sort_order": "0"},
    )  # fmt: skip

    assert auth_client.get("/api/v1/billing/subscription/").json()["weekly_interview_limit"] == 3
    assert [start(auth_client).status_code for _ in range(4)] == [201, 201, 201, 429]


def test_one_interview_left_suggests_the_upgrade_by_email_once_a_week(auth_client, user, bank):
    start(auth_client)
    start(auth_client)

    nudges = [m for m in mail.outbox if m.to == [user.email] and "left this week" in m.subject]
    assert len(nudges) == 1
    assert "/billing" in nudges[0].body


def test_weekly_usage_per_user_is_visible_to_staff(auth_client, client, staff_user, user, bank):
    start(auth_client)
    client.force_login(staff_user)

    page = client.get("/admin/billing/usage/").content.decode()

    assert user.email in page
    assert '<td class="field-used_this_week">1</td>' in page


def test_a_webhook_for_a_deleted_account_is_handled_without_error(auth_client, user, stripe_account: Stripe):
    response = auth_client.post("/api/v1/billing/checkout-session/", {"plan": "premium"}, format="json")
    subscription, _invoice = stripe_account.server.complete_checkout(response.json()["session_id"])
    assert auth_client.delete("/api/v1/users/me/", {"password": PASSWORD}, format="json").status_code == 204

    late = stripe_account.deliver("customer.subscription.updated", subscription["id"])

    assert late.status_code == 200
    assert not User.objects.filter(pk=user.pk).exists()
    assert stripe_account.server.get(subscription["id"])["status"] == "canceled"


def test_account_deletion_waits_when_stripe_cannot_cancel_the_subscription(auth_client, user, stripe_account: Stripe):
    response = auth_client.post("/api/v1/billing/checkout-session/", {"plan": "premium"}, format="json")
    stripe_account.server.complete_checkout(response.json()["session_id"])
    stripe_account.server.inject_error("GET", "/v1/subscriptions", status=500, error_type="api_error", code=None)

    deletion = auth_client.delete("/api/v1/users/me/", {"password": PASSWORD}, format="json")

    assert deletion.status_code == 503
    assert User.objects.filter(pk=user.pk).exists()


@pytest.fixture
def plan_admin(client):
    client.force_login(User.objects.create_superuser("boss@example.com", PASSWORD, name="Boss"))
    return client


def test_seeding_fills_a_plan_list_already_served(api_client):
    assert api_client.get("/api/v1/billing/plans/").json() == []

    plans_seed()

    assert len(api_client.get("/api/v1/billing/plans/").json()) == 3


def test_a_plan_edited_or_deleted_in_the_admin_shows_in_the_plan_list_already_served(api_client, plan_admin):
    plans_seed()
    assert {plan["code"] for plan in api_client.get("/api/v1/billing/plans/").json()} == {
        "free", "premium_monthly", "premium_yearly"
    }  # fmt: skip
    free = Plan.objects.get(code="free")
    fields = {name: getattr(free, name) for name in ("code", "name", "tier", "price", "currency", "interval")}

    plan_admin.post(
        f"/admin/billing/plan/{free.pk}/change/",
        {
            **fields,
            "weekly_interview_limit": 3,
            "weekly_second_chance_limit": 3,
            "daily_chat_message_limit": 50,
            "features": "[]",
            "is_active": "on",
            "sort_order": 0,
        },
    )
    plans = {plan["code"]: plan for plan in api_client.get("/api/v1/billing/plans/").json()}
    plan_admin.post(f"/admin/billing/plan/{Plan.objects.get(code='premium_yearly').pk}/delete/", {"post": "yes"})

    assert plans["free"]["weekly_interview_limit"] == 3
    assert {plan["code"] for plan in api_client.get("/api/v1/billing/plans/").json()} == {"free", "premium_monthly"}
