from typing import Any

from django.core.management.base import BaseCommand

from questions.services import question_bank_seed


class Command(BaseCommand):
    help = "Load questions/data/question_bank.json into the question bank (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(question_bank_seed())
