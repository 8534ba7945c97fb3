"""Queue every failed answer evaluation again, e.g. after an AI provider outage."""

from typing import Any

from django.core.management.base import BaseCommand

from interviews.models import Answer
from interviews.services import answers_reevaluate


class Command(BaseCommand):
    help = "Re-run failed answer evaluations."

    def handle(self, *args: Any, **options: Any) -> None:
        count = answers_reevaluate(answers=Answer.objects.all())
        self.stdout.write(f"{count} failed evaluation(s) queued again")
