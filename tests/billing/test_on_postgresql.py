"""The billing tests again on PostgreSQL, production's billing database (the rest of the suite
uses SQLite). They run in a pytest of their own whose ``billing`` database is on the throwaway
server of ``tests/postgres.py``; its own MongoDB and Redis start with it. The real billing
migrations on PostgreSQL run in tests/production/ (``manage.py prepare``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from operations.embedded import EPHEMERAL_OWNER_VARIABLE

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["tests/billing/test_subscription_lifecycle.py", "tests/billing/test_plans_and_gates.py"]
pytestmark = pytest.mark.slow


def test_plan_gates_and_the_subscription_lifecycle_pass_on_postgresql(postgres_server):
    url = postgres_server.create_database()
    # Not this process's servers or xdist identity: the inner run starts and owns its own.
    inherited = {"MONGODB_URI", "REDIS_URL", EPHEMERAL_OWNER_VARIABLE, "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in inherited and not k.startswith("PYTEST_")}

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:xdist", "-q", *MODULES],
        cwd=ROOT,
        env={**env, "BILLING_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert " passed" in result.stdout.splitlines()[-1] and "skipped" not in result.stdout.splitlines()[-1]
