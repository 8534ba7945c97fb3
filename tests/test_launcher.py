"""``make run``'s launcher, end to end: fresh start with real migrations on
both databases, demo data, web server and worker; SIGTERM leaves nothing
running; a second start finds everything in place."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from operations.embedded import free_port

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _launch(var_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in {"MONGODB_URI", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(VAR_DIR=str(var_dir), PORT=str(port), CELERY_TASK_ALWAYS_EAGER="false")
    return subprocess.Popen(
        [sys.executable, "-m", "operations.launcher"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait_ready(port: int, process: subprocess.Popen[bytes], timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise AssertionError(f"launcher exited early:\n{output[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health/ready/", timeout=2) as response:
                return json.loads(response.read())
        except OSError:
            time.sleep(0.5)
    raise AssertionError("launcher never became ready")


def _login(port: int, email: str, password: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/auth/login/",
        data=json.dumps({"email": email, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def _stop_and_check_no_orphans(process: subprocess.Popen[bytes]) -> str:
    descendants = psutil.Process(process.pid).children(recursive=True)
    assert len(descendants) >= 4  # mongodb, redis, web server, worker
    process.send_signal(signal.SIGTERM)
    # Each stage of the launcher's stop allows 10 s before SIGKILL; on two cores shared with the
    # other xdist worker, Celery's warm shutdown alone has taken most of a minute.
    output, _ = process.communicate(timeout=180)
    gone, alive = psutil.wait_procs(descendants, timeout=15)
    assert alive == [], f"left running: {[p.cmdline() for p in alive]}"
    assert process.returncode == 0
    return output.decode()


def test_launcher_starts_everything_and_stops_cleanly_twice(tmp_path):
    port = free_port()
    first = _launch(tmp_path, port)
    try:
        ready = _wait_ready(port, first, timeout=600)
        assert ready["checks"] == {"mongodb": "ok", "billing_database": "ok", "cache": "ok", "broker": "ok"}
        assert _login(port, "demo@interviewprep.local", "interviewprep-demo") == 200
        assert json.loads((tmp_path / "run" / "services.json").read_text()).keys() == {"mongodb", "redis"}
    finally:
        output = _stop_and_check_no_orphans(first)
    assert "Applying migrations to default" in output
    assert "Applying migrations to billing" in output
    assert not (tmp_path / "run" / "services.json").exists()

    second = _launch(tmp_path, port)
    try:
        _wait_ready(port, second, timeout=120)
        assert _login(port, "admin@interviewprep.local", "interviewprep-admin") == 200
    finally:
        output = _stop_and_check_no_orphans(second)
    assert "default: migrations up to date." in output
    assert "demo users: already present" in output


def test_model_changes_all_have_migrations():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "interviewprep.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
