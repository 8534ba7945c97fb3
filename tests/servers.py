"""The real MongoDB (SecantusDB) and Redis servers the suite talks to, started for this test process
when MONGODB_URI / REDIS_URL are unset (see operations.embedded.start_ephemeral_services).

Loaded with ``-p tests.servers`` (pyproject addopts), so the servers are up before pytest-django
reads the test settings; the settings themselves start nothing when imported."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from operations.embedded import start_ephemeral_services


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> Generator[None, Any, Any]:
    start_ephemeral_services()
    return (yield)
