"""Does a failed sign-in take as long for an unknown email as for a known one with a wrong password?

Times POST /api/v1/auth/login/ and POST /admin/login/ in-process against throwaway embedded servers,
with the production Argon2 hasher (the test settings use MD5), interleaving the two kinds of attempt
so drift hits both alike, and prints p50 per kind and the unknown/known ratio. A ratio near 1.00 means
the response time does not tell whether an account exists; the tests in
tests/security/test_brute_force.py prove the same by counting hash computations.

    .venv/bin/python benchmarks/login_timing.py [--attempts 40]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.test import Client, override_settings
from harness import databases_create
from rest_framework.test import APIClient

from accounts.models import User

PASSWORD = "correct-horse-battery-staple"
ARGON2 = ["django.contrib.auth.hashers.Argon2PasswordHasher"]


def _timed(send: Callable[[str], Any], email: str, *, expect: int, samples: list[float]) -> None:
    started = time.perf_counter()
    response = send(email)
    samples.append((time.perf_counter() - started) * 1000)
    assert response.status_code == expect, response.content[:300]


def measure(name: str, send: Callable[[str], Any], *, expect: int, attempts: int) -> None:
    known = "staff@example.com"
    send("warm-up@example.com")  # the first unknown email also makes the equaliser hash
    timings: dict[str, list[float]] = {"unknown email": [], "wrong password": []}
    for index in range(attempts):
        _timed(send, f"nobody{index}@example.com", expect=expect, samples=timings["unknown email"])
        _timed(send, known, expect=expect, samples=timings["wrong password"])
    p50 = {kind: statistics.median(values) for kind, values in timings.items()}
    ratio = p50["unknown email"] / p50["wrong password"]
    print(
        f"{name:<14} p50 unknown email {p50['unknown email']:7.1f} ms   "
        f"p50 wrong password {p50['wrong password']:7.1f} ms   ratio {ratio:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--attempts", type=int, default=40, help="attempts of each kind per endpoint")
    args = parser.parse_args()
    databases_create()  # also turns rate limiting off: one client IP makes every attempt
    with override_settings(PASSWORD_HASHERS=ARGON2):
        User.objects.create_user("staff@example.com", PASSWORD, name="Staff", role=User.Role.STAFF)
        api = APIClient()
        measure(
            "API login",
            lambda email: api.post("/api/v1/auth/login/", {"email": email, "password": "wrong-password"}),
            expect=401,
            attempts=args.attempts,
        )
        admin = Client()
        measure(
            "admin login",
            lambda email: admin.post("/admin/login/", {"username": email, "password": "wrong-password"}),
            expect=200,
            attempts=args.attempts,
        )


if __name__ == "__main__":
    main()
