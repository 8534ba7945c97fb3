"""Per-step latency and database queries of the whole interview flow.

Runs in-process against real embedded servers (the test settings start a
throwaway SecantusDB and redis-server) with the offline AI provider. Celery runs
eagerly here, so "answer" includes the evaluation the worker would do and
"complete" includes compiling the result: the figures are the total work per
step, an upper bound on what the API itself costs.

    .venv/bin/python benchmarks/interview_flow.py [--users 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from typing import Any

from django.db import connections
from django.test.utils import CaptureQueriesContext
from harness import databases_create
from rest_framework.test import APIClient

timings: dict[str, list[float]] = defaultdict(list)
queries: dict[str, list[int]] = defaultdict(list)


def _call(step: str, method: Any, *args: Any, expect: int, **kwargs: Any) -> Any:
    with CaptureQueriesContext(connections["default"]) as captured:
        started = time.perf_counter()
        response = method(*args, **kwargs)
        timings[step].append((time.perf_counter() - started) * 1000)
    queries[step].append(len(captured.captured_queries))
    assert response.status_code == expect, (step, response.status_code, response.content[:300])
    return response.json() if response.content else None


def run_flow(index: int) -> None:
    client = APIClient()
    email, password = f"bench{index}@example.com", "bench-pass-phrase-2026"
    _call(
        "register",
        client.post,
        "/api/v1/auth/register/",
        {"email": email, "password": password, "name": "B"},
        expect=201,
    )
    tokens = _call("login", client.post, "/api/v1/auth/login/", {"email": email, "password": password}, expect=200)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    _call("refresh", client.post, "/api/v1/auth/refresh/", {"refresh": tokens["refresh"]}, expect=200)
    _call("browse questions", client.get, "/api/v1/questions/?type=technical&level=junior", expect=200)
    interview = _call("start", client.post, "/api/v1/interviews/", {"type": "technical", "level": "junior"}, expect=201)
    path = f"/api/v1/interviews/{interview['id']}"
    answered: set[str] = set()
    while True:
        current = _call("get interview", client.get, f"{path}/", expect=200)
        pending = [q for q in current["questions"] if q["id"] not in answered and q["status"] == "pending"]
        if not pending:
            break
        question = pending[0]
        text = f"I would explain {question['text'][:80]} with an example, its complexity O(n) and edge cases."
        _call("answer", client.post, f"{path}/answers/", {"question_id": question["id"], "text": text}, expect=201)
        answered.add(question["id"])
    _call("list answers", client.get, f"{path}/answers/", expect=200)
    _call("complete", client.post, f"{path}/complete/", expect=202)
    _call("result", client.get, f"{path}/result/", expect=200)
    _call("history", client.get, "/api/v1/interviews/", expect=200)
    _call("stats", client.get, "/api/v1/users/me/stats/", expect=200)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20, help="complete flows to run (one fresh user each)")
    args = parser.parse_args()

    databases_create()

    for index in range(args.users):
        run_flow(index)

    print(f"Interview flow, {args.users} users, offline provider, evaluation inline (Celery eager)")
    print(f"{'step':<18}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'queries/request':>18}")
    for step, values in timings.items():
        print(
            f"{step:<18}{len(values):>5}{statistics.median(values):>10.1f}{_percentile(values, 0.95):>10.1f}"
            f"{statistics.median(queries[step]):>18.0f}"
        )


if __name__ == "__main__":
    main()
