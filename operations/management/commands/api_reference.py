"""Rewrite docs/api.md from the OpenAPI schema (see kernel/api/reference.py)."""

from typing import Any

from django.core.management.base import BaseCommand

from operations.api_reference import REFERENCE_PATH, render


class Command(BaseCommand):
    help = "Render docs/api.md, the API reference, from the OpenAPI schema."

    def handle(self, *args: Any, **options: Any) -> None:
        REFERENCE_PATH.write_text(render())
        self.stdout.write(f"Wrote {REFERENCE_PATH}")
