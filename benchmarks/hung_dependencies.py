"""How fast the API answers while MongoDB or Redis hangs, against a running `make run`.

Pauses each embedded server in turn with SIGSTOP (it keeps its connections open and answers
nothing, like a hung or partitioned server), times readiness, the question list, the interview
list and sign-in with the demo user, then resumes it with SIGCONT and waits until the API serves
again. The billing database is SQLite under `make run`, a file that cannot hang; the PostgreSQL
case is in tests/faults/test_hung_dependencies.py.

    make run                                        # in another terminal
    .venv/bin/python benchmarks/hung_dependencies.py [--url http://127.0.0.1:8000]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

SERVICES = Path(os.environ.get("VAR_DIR", Path(__file__).resolve().parent.parent / "var")) / "run" / "services.json"
DEMO = {"email": "demo@interviewprep.local", "password": "interviewprep-demo"}
SERVERS = {"mongodb": "SecantusDB (MongoDB)", "redis": "redis-server"}


def call(url: str, *, token: str = "", body: dict[str, Any] | None = None) -> tuple[int, float, str, dict[str, Any]]:
    """Status, seconds, Retry-After and JSON body of one request."""
    request = urllib.request.Request(
        url, data=json.dumps(body).encode() if body else None, method="POST" if body else "GET"
    )
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, headers, payload = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, payload = error.code, error.headers, error.read()
    elapsed = time.monotonic() - started
    return status, elapsed, headers.get("Retry-After", ""), json.loads(payload or b"{}")


def measure(api: str, token: str) -> None:
    for label, path, kwargs in (
        ("GET /questions/", "questions/", {"token": token}),
        ("GET /interviews/", "interviews/", {"token": token}),
        ("POST /auth/login/", "auth/login/", {"body": DEMO}),
        ("GET /health/ (liveness)", "health/", {}),
    ):
        status, seconds, retry_after, _ = call(api + path, **kwargs)
        suffix = f", Retry-After {retry_after}" if retry_after else ""
        print(f"  {label:<26} {status} in {seconds * 1000:7.0f} ms{suffix}")
    status, seconds, _, body = call(api + "health/ready/")
    checks = body.get("checks") or body.get("error", {}).get("details", {}).get("checks", {})
    failing = ", ".join(f"{name}={state}" for name, state in checks.items() if state != "ok") or "none"
    print(f"  {'GET /health/ready/':<26} {status} in {seconds * 1000:7.0f} ms, failing: {failing}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="where make run serves")
    api = parser.parse_args().url.rstrip("/") + "/api/v1/"
    services = json.loads(SERVICES.read_text())
    token = call(api + "auth/login/", body=DEMO)[3]["access"]
    for name, label in SERVERS.items():
        pid = services[name]["pid"]
        print(f"{label} paused (pid {pid}):")
        os.kill(pid, signal.SIGSTOP)
        try:
            print(" first round (each dependency's first caller waits out its deadline):")
            measure(api, token)
            print(" second round (the breakers answer):")
            measure(api, token)
        finally:
            os.kill(pid, signal.SIGCONT)
        resumed = time.monotonic()
        while call(api + "interviews/", token=token)[0] != 200 or call(api + "health/ready/")[0] != 200:
            time.sleep(0.2)
        print(f" resumed: serving again after {time.monotonic() - resumed:.1f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
