"""The production settings refuse unsafe configurations and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAFE = {
    "DJANGO_SETTINGS_MODULE": "interviewprep.settings.production",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-0123456789",
    "MONGODB_URI": "mongodb://db.internal:27017/interviewprep?replicaSet=rs0",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "BILLING_DATABASE_URL": "postgres://billing:secret@pg.internal:5432/billing",
    "ALLOWED_HOSTS": "api.example.com",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", *SAFE}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deployment_checks_pass_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **SAFE)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ({"DEBUG": "true"}, "DEBUG"),
        ({"SECRET_KEY": "django-insecure-dev-only-change-me"}, "SECRET_KEY"),
        ({"MONGODB_URI": ""}, "MONGODB_URI"),
        ({"REDIS_URL": ""}, "REDIS_URL"),
        ({"BILLING_DATABASE_URL": ""}, "BILLING_DATABASE_URL"),
    ],
)
def test_production_refuses_to_start_naming_the_variable(override, named):
    result = _manage("check", **{**SAFE, **override})

    assert result.returncode != 0
    assert f"{named}" in result.stderr and "ImproperlyConfigured" in result.stderr
