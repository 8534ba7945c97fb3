"""Usage metering (billing.metering): counters in MongoDB that a cache flush cannot reset, the last
slot under concurrency, and limits and features that are only what staff set on the plan."""

from __future__ import annotations

import importlib
import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from billing.errors import DailyLimitReached
from billing.metering import chat_message_claim
from billing.models import Plan, Usage
from billing.services import plans_seed
from conftest import PASSWORD, authenticate
from tests.concurrency import at_once
from tests.interviews.conftest import start

# django-mongodb-backend's connection: get_collection is the backend's, not in Django's stubs.
mongo: Any = connection

pytestmark = pytest.mark.django_db

CHAT = "/api/v1/chat/messages/"
# MongoDB operations of one interview start with the plan state cached: 13 measured (15 before metering
# moved to billing: entitlements were read twice, each time reading the week's starts).
BUDGET = 13
ROADMAP = "/api/v1/roadmap/generate/"


def _chat(client: Any) -> Any:
    return client.post(CHAT, {"message": "hi"}, format="json")


def _flush_every_cache() -> None:
    """What a Redis flush (or restart without persistence) does to the caches and the rate-limit counters."""
    for store in caches.all():
        store.clear()


def _edit_plan(client: Any, code: str, **changes: Any) -> Any:
    """Save the plan's admin change form with ``changes`` (the rest as stored)."""
    plan = Plan.objects.get(code=code)
    form = {
        name: getattr(plan, name)
        for name in ("code", "name", "tier", "price", "currency", "interval", "weekly_interview_limit",
                     "weekly_second_chance_limit", "daily_chat_message_limit", "stripe_price_id", "sort_order")
    }  # fmt: skip
    form.update({"features": json.dumps(plan.features), "is_active": "on"}, **changes)
    return client.post(f"/admin/billing/plan/{plan.pk}/change/", form)


@pytest.fixture
def coach_client(staff_user: Any) -> Any:
    """Staff are on the first premium plan, which has the chat coach."""
    return authenticate(APIClient(), staff_user)


def test_the_daily_chat_cap_stays_reached_after_the_cache_is_flushed(coach_client, settings):
    settings.COACH_DAILY_MESSAGES = 2
    assert [_chat(coach_client).status_code for _ in range(2)] == [201, 201]

    _flush_every_cache()
    refused = _chat(coach_client)

    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "daily_limit_reached"
    assert refused.json()["error"]["details"]["limit"] == 2
    midnight = (timezone.now() + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    assert 0 < int(refused["Retry-After"]) <= (midnight - timezone.now()).total_seconds() + 1


def test_the_weekly_interview_allowance_stays_used_after_the_cache_is_flushed(auth_client, bank):
    assert [start(auth_client, question_count=1).status_code for _ in range(2)] == [201, 201]

    _flush_every_cache()

    assert start(auth_client, question_count=1).status_code == 429
    assert auth_client.get("/api/v1/billing/subscription/").json()["interviews_used_this_week"] == 2


def test_yesterdays_chat_messages_no_longer_count(staff_user, settings):
    settings.COACH_DAILY_MESSAGES = 1
    yesterday = timezone.now() - timedelta(days=1)
    Usage.objects.create(user=staff_user, chat_messages=[yesterday])

    chat_message_claim(user=staff_user, now=timezone.now())

    with pytest.raises(DailyLimitReached):
        chat_message_claim(user=staff_user, now=timezone.now())
    assert len(Usage.objects.get(user=staff_user).chat_messages) == 1  # yesterday's entry was pulled


def test_twenty_concurrent_chat_messages_get_exactly_the_days_allowance(staff_user, settings):
    settings.COACH_DAILY_MESSAGES = 3

    def attempt() -> str:
        try:
            chat_message_claim(user=staff_user, now=timezone.now())
        except DailyLimitReached:
            return "refused"
        return "sent"

    assert sorted(at_once(attempt, times=20)) == ["refused"] * 17 + ["sent"] * 3
    assert len(Usage.objects.get(user=staff_user).chat_messages) == 3


def test_staff_lowering_a_plans_daily_chat_limit_caps_its_users_at_once(coach_client, client, staff_user):
    plans_seed()
    client.force_login(staff_user)
    assert _chat(coach_client).status_code == 201

    assert _edit_plan(client, "premium_monthly", daily_chat_message_limit=1).status_code == 302

    refused = _chat(coach_client)
    assert refused.status_code == 429
    assert refused.json()["error"]["details"]["limit"] == 1


def test_staff_removing_a_feature_from_a_plan_takes_it_away_and_adding_one_gives_it(
    coach_client, auth_client, client, staff_user
):
    plans_seed()
    client.force_login(staff_user)
    assert _chat(coach_client).status_code == 201
    assert _chat(auth_client).status_code == 403  # free

    without_chat = ["question_generation", "resume_analysis", "roadmap"]
    assert _edit_plan(client, "premium_monthly", features=json.dumps(without_chat)).status_code == 302
    assert _edit_plan(client, "free", features=json.dumps(["chat_coach"])).status_code == 302

    taken = _chat(coach_client)
    assert taken.status_code == 403
    assert taken.json()["error"]["details"] == {"feature": "chat_coach", "required_plan": "premium"}
    assert "chat_coach" not in coach_client.get("/api/v1/billing/subscription/").json()["features"]
    assert coach_client.post(ROADMAP, {}, format="json").status_code != 403
    assert _chat(auth_client).status_code == 201
    assert auth_client.get("/api/v1/billing/subscription/").json()["features"] == ["chat_coach"]


def test_a_plan_cannot_be_given_a_feature_that_does_not_exist(client, staff_user):
    plans_seed()
    client.force_login(staff_user)

    response = _edit_plan(client, "free", features=json.dumps(["teleport"]))

    assert response.status_code == 200
    assert "A list of features out of" in response.content.decode()
    assert Plan.objects.get(code="free").features == []


def test_usage_goes_with_the_deleted_account(auth_client, user, bank):
    assert start(auth_client, question_count=1).status_code == 201
    assert Usage.objects.filter(user=user).exists()

    assert auth_client.delete("/api/v1/users/me/", {"password": PASSWORD}, format="json").status_code == 204

    assert not Usage.objects.filter(user_id=user.pk).exists()


class _CountedCollection:
    """A real collection whose every operation is noted (Django's query log skips pymongo's single-document ones)."""

    def __init__(self, collection: Any, operations: list[str]) -> None:
        self._collection, self._operations = collection, operations

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._collection, name)
        if not callable(attribute):
            return attribute

        def counted(*args: Any, **kwargs: Any) -> Any:
            self._operations.append(f"{self._collection.name}.{name}")
            return attribute(*args, **kwargs)

        return counted


def test_starting_an_interview_asks_billing_once_within_a_query_budget(auth_client, bank, monkeypatch):
    plans_seed()
    assert start(auth_client, question_count=1).status_code == 201  # the plan state is cached from here on
    operations: list[str] = []
    get_collection = mongo.get_collection
    monkeypatch.setattr(
        connection,
        "get_collection",
        lambda name, **kwargs: _CountedCollection(get_collection(name, **kwargs), operations),
    )

    with CaptureQueriesContext(connections["billing"]) as billing:
        response = start(auth_client, question_count=3)

    assert response.status_code == 201
    # Find the usage document, pull the starts that left the week, claim one: no second read for entitlements.
    assert [op for op in operations if op.startswith("billing_usage.")] == [
        "billing_usage.aggregate", "billing_usage.update_one", "billing_usage.find_one_and_update"
    ], operations  # fmt: skip
    assert len(operations) <= BUDGET, operations
    assert billing.captured_queries == []  # the plan came from the cache


def test_the_migration_moves_weekly_allowances_into_billing_usage(user, settings):
    """billing 0004 copies interviews.WeeklyAllowance documents (the suite builds tables from models,
    so the old collection is made here through the historical model)."""
    settings.MIGRATION_MODULES = {app: f"mongo_migrations.{app}" for app in ("admin", "auth", "contenttypes")}
    migration = importlib.import_module("billing.migrations.0004_metering")
    apps = MigrationLoader(connection).project_state(("billing", "0004_metering"), at_end=False).apps
    WeeklyAllowance = apps.get_model("interviews", "WeeklyAllowance")
    started = timezone.now().replace(microsecond=0) - timedelta(days=1)
    WeeklyAllowance.objects.create(user_id=user.pk, starts=[started], second_chances=[started, started])
    try:
        with connection.schema_editor() as schema_editor:
            migration.allowances_to_usage(
                MigrationLoader(connection).project_state(("billing", "0004_metering"), at_end=True).apps,
                schema_editor,
            )
    finally:
        mongo.get_collection(WeeklyAllowance._meta.db_table).drop()

    usage = Usage.objects.get(user=user)
    assert (usage.interview_starts, usage.second_chances, usage.chat_messages) == ([started], [started] * 2, [])
