"""Sandbox runs per second: what one sandbox worker can do, without Django, Celery or Redis.

Each run is a real bwrap sandbox with the production limits, calling a bank question's
reference solution on its examples and hidden tests (Python and JavaScript). Runs are
submitted from SANDBOX_PARALLEL threads, like a threads-pool worker's.

    .venv/bin/python benchmarks/sandbox.py [--runs 200] [--parallel 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sandbox import Limits, Verdict, execute, judge  # noqa: E402

SPEC = next(
    row["coding"]
    for row in json.loads((ROOT / "questions" / "data" / "coding_questions.json").read_text(encoding="utf-8"))
    if row["slug"] == "code-two-sum"
)
CASES = [*SPEC["examples"], *SPEC["tests"]]


def one_run(language: str) -> float:
    started = time.perf_counter()
    execution = execute(
        language=language,
        code=SPEC["reference"][language],
        function=SPEC["function"][language],
        cases=[case["args"] for case in CASES],
        limits=Limits(cpu_seconds=2, memory_mb=128),
    )
    assert judge(execution=execution, expected=[case["expected"] for case in CASES]).verdict == Verdict.PASSED
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--parallel", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    os.environ["SANDBOX_PARALLEL"] = str(args.parallel)
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} cores, {args.parallel} at a time, {args.runs} runs per language, load {load:.2f}")
    print("language    runs/s   p50 ms   p95 ms")
    for language in ("python", "javascript"):
        one_run(language)  # warm the page cache and the bind list
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.parallel) as pool:
            walls = sorted(pool.map(one_run, [language] * args.runs))
        rate = args.runs / (time.perf_counter() - started)
        p95 = walls[int(len(walls) * 0.95) - 1]
        print(f"{language:<10} {rate:7.1f} {statistics.median(walls):8.0f} {p95:8.0f}")


if __name__ == "__main__":
    main()
