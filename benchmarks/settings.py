"""The production settings plus the reference routes, for benchmarks/load.py only.

Production's URLconf never contains the reference views; this module is the
only place that switches to the URLconf that adds them. Tables are built from
the models (``migrate --run-syncdb``), as the test suite builds them, so that a
run does not spend minutes replaying dj-stripe's migration history.
"""

from benchmarks.nomigrations import NoMigrations
from interviewprep.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.reference.urls"
MIGRATION_MODULES = NoMigrations()  # type: ignore[assignment]  # a mapping that has every app
