"""Tasks waiting in the outbox under its old app survive the move to the kernel."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.db import connection

from kernel.models import OutboxTask

pytestmark = pytest.mark.django_db
migration = importlib.import_module("kernel.migrations.0002_outbox_from_interviewprep")
mongo: Any = connection  # django-mongodb-backend's connection: ``database`` is not in Django's stubs


def _migrate() -> None:
    with connection.schema_editor() as schema_editor:
        migration.outbox_from_interviewprep(apps, schema_editor)


def test_waiting_tasks_move_to_the_kernel_outbox_and_the_old_collection_goes() -> None:
    mongo.database[migration.OLD_COLLECTION].insert_one(
        {"task": "interviews.tasks.evaluate_answer_task", "kwargs": {"answer_id": "abc"}}
    )

    _migrate()

    assert list(OutboxTask.objects.values_list("task", "kwargs")) == [
        ("interviews.tasks.evaluate_answer_task", {"answer_id": "abc"})
    ]
    assert migration.OLD_COLLECTION not in mongo.database.list_collection_names()


def test_a_database_without_the_old_collection_is_left_as_it_is() -> None:
    OutboxTask.objects.create(task="kernel.tasks.outbox_flush_task")

    _migrate()

    assert OutboxTask.objects.count() == 1
