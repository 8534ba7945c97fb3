"""Seed data: reference data every installation needs, and demo data for
``make run``. Every app's seed is idempotent; they run in dependency order."""

from __future__ import annotations

from collections.abc import Iterator

from accounts.services import demo_users_seed
from billing.services import plans_seed
from questions.services import question_bank_seed


def seed_all(*, demo: bool) -> Iterator[str]:
    yield plans_seed()
    yield question_bank_seed()
    if demo:
        yield demo_users_seed()
