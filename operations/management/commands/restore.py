"""Restore an archive written by ``backup`` (see README, "Backups and restore")."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kernel.db.deadlines import maintenance
from operations.backups import BackupError, backup_restore, manifest_summary


class Command(BaseCommand):
    help = "Restore MongoDB, the billing database and the stored files from a backup archive, after verifying it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path, help="A .tar.gz archive written by `manage.py backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a target that already holds data (every MongoDB collection and billing row is replaced).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with maintenance():
                manifest = backup_restore(archive=options["archive"], replace=options["replace"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {options['archive']}: {manifest_summary(manifest)}")
