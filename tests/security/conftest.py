"""Registers the ``fuzz`` marker used by test_api_fuzz.py (``make fuzz`` selects it with ``-m fuzz``)."""

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fuzz: schemathesis fuzzing of the API (FUZZ_EXAMPLES sets examples per operation)"
    )
