"""Real Celery worker processes for tests that need the broker's delivery guarantees, as in production.

Registered as a pytest plugin in the root conftest: the ``start_worker`` fixture starts a
threads-pool worker on this test process's broker and database, in a process group of its own
so that ``kill_worker`` can SIGKILL it the way an out-of-memory killer or a lost host would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from interviewprep.celery import app

ROOT = Path(__file__).resolve().parents[1]

Worker = subprocess.Popen[bytes]


@pytest.fixture
def start_worker(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Worker]]:
    """Start a worker (tasks are queued, not eager); extra environment configures it, e.g. its AI provider."""
    processes: list[Worker] = []

    def start(**extra_env: str) -> Worker:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "interviewprep.settings.test",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "MONGODB_NAME": connection.settings_dict["NAME"],
            **extra_env,
        }
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "interviewprep",
                    "worker",
                    "--pool",
                    "threads",
                    "-c",
                    "2",
                    "-Q",
                    "celery,sandbox",
                    "-l",
                    "WARNING",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        return processes[-1]

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            kill_worker(process)


def kill_worker(process: Worker) -> None:
    """SIGKILL the worker and everything it started: no shutdown handler runs, nothing is acknowledged."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def wait_for(predicate: Callable[[], Any], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False
