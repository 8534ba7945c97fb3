"""Bring a database pair up to date and seed demo data; safe to run on every start."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from kernel.db.deadlines import maintenance
from operations.seeding import seed_all


def pending_migrations(alias: str) -> int:
    """Count unapplied migrations without replaying the migration state (the
    slow part of ``migrate`` with dj-stripe's long history)."""
    executor = MigrationExecutor(connections[alias])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = "Apply pending migrations on both databases, then seed reference data and, with --demo, demo data."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--demo", action="store_true", help="Also create the demo logins the README lists.")

    def handle(self, *args: Any, **options: Any) -> None:
        with maintenance():  # index builds on a large collection outlast a request's deadline
            for alias in ("default", "billing"):
                if pending_migrations(alias):
                    self.stdout.write(f"Applying migrations to {alias}...")
                    call_command("migrate", database=alias, interactive=False, verbosity=0)
                else:
                    self.stdout.write(f"{alias}: migrations up to date.")
            for line in seed_all(demo=options["demo"]):
                self.stdout.write(line)
