"""Django in-process against throwaway embedded servers, as the test suite runs it.

Importing this module configures Django with the test settings, which start a
private SecantusDB and redis-server for this process (see operations/embedded.py).
``databases_create()`` then builds the collections and indexes straight from the
models and seeds the question bank.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewprep.settings.test")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # one line per request would bury the tables

import django

from operations.embedded import start_ephemeral_services

start_ephemeral_services()  # the test settings read MONGODB_URI / REDIS_URL; start them here when unset
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment  # noqa: E402

from benchmarks.nomigrations import NoMigrations  # noqa: E402


def databases_create() -> None:
    setup_test_environment()
    settings.MIGRATION_MODULES = NoMigrations()  # collections and indexes straight from the models
    settings.RATELIMIT_ENABLE = False  # one client IP plays every user
    setup_databases(verbosity=0, interactive=False, aliases=dict.fromkeys(["default", "billing"]))
    call_command("seed_questions", verbosity=0)
