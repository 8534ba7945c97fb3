"""Each visible failure of the embedded server's deviations, fixed by
kernel.db.pipeline; every test also runs with the fix switched off
to prove it is the fix that makes the difference."""

from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import connection

from accounts.models import IssuedRefreshToken
from accounts.tokens import RefreshToken
from interviews.models import Interview
from kernel.db.collections import collection_for
from kernel.db.pipeline import dotted_pipeline

pytestmark = pytest.mark.django_db


@contextmanager
def rewrite(enabled: bool):
    previous = connection.settings_dict["DOTTED_PIPELINES"]
    connection.settings_dict["DOTTED_PIPELINES"] = enabled
    try:
        yield
    finally:
        connection.settings_dict["DOTTED_PIPELINES"] = previous


@pytest.mark.parametrize("enabled", [True, False])
def test_values_across_a_foreign_key_return_the_related_value(user, enabled):
    RefreshToken.for_user(user)

    with rewrite(enabled):
        emails = list(IssuedRefreshToken.objects.values_list("user__email", flat=True))

    if enabled:
        assert emails == [user.email]
    else:
        assert emails != [user.email]  # the embedded server's bug shows without the fix


@pytest.mark.parametrize("enabled", [True, False])
def test_select_related_ordered_by_a_related_field_keeps_the_joined_object(user, other_user, enabled):
    RefreshToken.for_user(user)
    RefreshToken.for_user(other_user)

    with rewrite(enabled):
        try:
            emails = [t.user.email for t in IssuedRefreshToken.objects.select_related("user").order_by("user__email")]
        except Exception:
            emails = None

    if enabled:
        assert emails == sorted([user.email, other_user.email])
    else:
        assert emails != sorted([user.email, other_user.email])


@pytest.mark.parametrize("enabled", [True, False])
def test_admin_user_change_page_renders(client, staff_user, user, enabled):
    # Permission's default ordering joins content types: the change page lists them.
    staff_user.role = "admin"
    staff_user.is_superuser = True
    staff_user.save()
    client.force_login(staff_user)
    assert Permission.objects.exists()

    with rewrite(enabled):
        try:
            status = client.get(f"/admin/accounts/user/{user.pk}/change/").status_code
        except Exception:
            status = 500

    assert (status == 200) is enabled


def test_rewrite_flattens_nested_specs_and_leaves_expressions_alone():
    pipeline: list[dict[str, Any]] = [
        {"$project": {"_id": 0, "org": {"name": 1, "owner": {"email": 1}}, "total": {"$sum": ["$a", "$b"]}}},
        {"$lookup": {"from": "x", "pipeline": [{"$addFields": {"sub": {"x": "$a"}}}], "as": "xs"}},
        {"$facet": {"first": [{"$project": {"a": {"b": 1}}}]}},
        {"$match": {"org": {"name": "acme"}}},
    ]

    assert dotted_pipeline(pipeline) == [
        {"$project": {"_id": 0, "org.name": 1, "org.owner.email": 1, "total": {"$sum": ["$a", "$b"]}}},
        {"$lookup": {"from": "x", "pipeline": [{"$addFields": {"sub.x": "$a"}}], "as": "xs"}},
        {"$facet": {"first": [{"$project": {"a.b": 1}}]}},
        {"$match": {"org": {"name": "acme"}}},
    ]


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("by_id", [True, False])
def test_a_filter_on_two_fields_is_served_by_an_index(user, enabled, by_id):
    interview = Interview.objects.create(user=user, type="technical", level="middle")
    # What the backend sends for filter(pk=..., user=...) and filter(user=..., status=...).
    second = {"_id": interview.pk} if by_id else {"status": interview.status}
    pipeline = [{"$match": {"$and": [{"user_id": user.pk}, second]}}]
    collection = collection_for(Interview)
    command = {"aggregate": collection.name, "pipeline": dotted_pipeline(pipeline) if enabled else pipeline}

    plan = collection.database.command("explain", {**command, "cursor": {}})["queryPlanner"]["winningPlan"]

    assert ("IXSCAN" in str(plan)) is enabled
    assert [row["_id"] for row in collection.aggregate(pipeline)] == [interview.pk]


@pytest.mark.parametrize("enabled", [True, False])
def test_a_lookup_by_id_with_its_related_rows_reads_one_row(user, enabled):
    interviews = [Interview.objects.create(user=user, type="technical", level="middle") for _ in range(3)]
    # What the backend sends for select_related("user").get(pk=...): the joins first, the filter last.
    pipeline: list[dict[str, Any]] = [
        {"$lookup": {"from": "accounts_user", "localField": "user_id", "foreignField": "_id", "as": "accounts_user"}},
        {"$unwind": "$accounts_user"},
        {"$match": {"_id": interviews[1].pk}},
    ]
    collection = collection_for(Interview)
    command = {"aggregate": collection.name, "pipeline": dotted_pipeline(pipeline) if enabled else pipeline}

    plan = collection.database.command("explain", {**command, "cursor": {}})["queryPlanner"]["winningPlan"]

    assert ("COLLSCAN" in str(plan)) is not enabled
    rows = list(collection.aggregate(pipeline))
    assert [(row["_id"], row["accounts_user"]["email"]) for row in rows] == [(interviews[1].pk, user.email)]


def test_rewrite_moves_a_filter_ahead_of_joins_it_does_not_read():
    join: list[dict[str, Any]] = [
        {"$lookup": {"from": "users", "localField": "user_id", "foreignField": "_id", "as": "users"}},
        {"$unwind": {"path": "$users", "preserveNullAndEmptyArrays": True}},
    ]
    own: dict[str, Any] = {"$match": {"status": "done"}}
    on_joined: dict[str, Any] = {"$match": {"users.email": "ada@example.com"}}
    on_joined_expr: dict[str, Any] = {"$match": {"$expr": {"$eq": ["$users.is_active", True]}}}
    on_whole_document: dict[str, Any] = {"$match": {"$expr": {"$gt": [{"$size": {"$objectToArray": "$$ROOT"}}, 3]}}}

    assert dotted_pipeline([*join, own, {"$sort": {"at": 1}}]) == [own, *join, {"$sort": {"at": 1}}]
    assert dotted_pipeline([*join, on_joined]) == [*join, on_joined]
    assert dotted_pipeline([*join, on_joined_expr, own]) == [own, *join, on_joined_expr]
    assert dotted_pipeline([*join, on_whole_document]) == [*join, on_whole_document]


def test_rewrite_merges_conjunctions_puts_the_id_first_and_drops_identity_fields():
    pipeline: list[dict[str, Any]] = [
        {"$match": {"$and": [{"status": "done"}, {"$and": [{"at": {"$exists": True}}, {"at": {"$ne": None}}]}]}},
        {"$addFields": {"started_at": "$started_at", "_id": "$_id"}},
        {"$sort": {"started_at": -1, "_id": -1}},
        {"$addFields": {"score": "$result.score", "at": "$at"}},
        {"$match": {"$and": [{"_id": 7}, {"user_id": 3}]}},
    ]

    assert dotted_pipeline(pipeline) == [
        {"$match": {"status": "done", "at": {"$exists": True}, "$and": [{"at": {"$ne": None}}]}},
        {"$sort": {"started_at": -1, "_id": -1}},
        {"$addFields": {"score": "$result.score"}},
        {"$match": {"_id": 7}},
        {"$match": {"user_id": 3}},
    ]
