"""Django in-process against throwaway embedded servers, as the test suite runs it.

Importing this module configures Django with the test settings and starts a
private redis-server for this process (see operations/embedded.py), and a
private SecantusDB that keeps its data on disk in a temporary directory (the
test suite's in-memory server holds everything in a 1 GB cache, which the 100k
step of benchmarks/scale.py outgrows); both stop, and the directory goes, at exit.
``databases_create()`` then builds the collections and indexes straight from the
models and seeds the question bank.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewprep.settings.test")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # one line per request would bury the tables
# No per-operation deadline: building the indexes of a 100k fill takes minutes on the embedded server,
# and while one long command holds it, the driver's heartbeat (bounded by the connect timeout) must wait
# too, or the driver marks the server unknown and cancels the command in flight.
os.environ.setdefault("MONGODB_OPERATION_TIMEOUT_MS", "0")
os.environ.setdefault("MONGODB_CONNECT_TIMEOUT_MS", "600000")
os.environ.setdefault("MONGODB_TIMEOUT_MS", "600000")

import django

from operations import embedded

if not os.environ.get("MONGODB_URI"):
    _storage = tempfile.mkdtemp(prefix="bench-secantus-")
    _mongodb = embedded.start_mongodb(storage_path=_storage, db_name="interviewprep")
    os.environ["MONGODB_URI"] = _mongodb.url
    atexit.register(shutil.rmtree, _storage, ignore_errors=True)
    atexit.register(embedded.stop, [_mongodb.process])  # runs first: atexit is last in, first out
embedded.start_ephemeral_services()  # the test settings read MONGODB_URI / REDIS_URL; start them here when unset
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
