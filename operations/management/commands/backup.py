"""Write an operator backup of both databases and the stored files (see README, "Backups and restore")."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from kernel.db.deadlines import maintenance
from operations.backups import backup_create, manifest_summary


class Command(BaseCommand):
    help = "Back up MongoDB, the billing database and the stored files into one .tar.gz archive."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            required=True,
            help="Archive to write (PATH.tar.gz), or an existing directory for a timestamped archive in it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with maintenance():
            path, manifest = backup_create(output=options["output"])
        self.stdout.write(f"Backup written to {path}: {manifest_summary(manifest)}")
