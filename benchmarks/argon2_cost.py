"""Time per Argon2 hash at Django's default cost, OWASP's minimums and the product's choice.

Each row hashes one password ``--hashes`` times on this machine (one thread, as a web
worker does) and prints p50/p95 ms and hashes per second per core; ``--parallel N``
also runs N processes at once, as N sign-ins arriving together would, and prints their
throughput. No server or database: this is the cost of the hash alone.

    .venv/bin/python benchmarks/argon2_cost.py [--hashes 20] [--parallel 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import argon2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewprep.settings.test")

# (label, memory KiB, time cost, parallelism)
COSTS = [
    ("Django 5.2 default", 102400, 2, 8),
    ("OWASP 46 MiB, t=1, p=1", 46 * 1024, 1, 1),
    ("OWASP 19 MiB, t=2, p=1", 19 * 1024, 2, 1),
]


def _product() -> tuple[str, int, int, int]:
    from accounts.hashers import TunedArgon2PasswordHasher as chosen

    return ("chosen (accounts.hashers)", chosen.memory_cost, chosen.time_cost, chosen.parallelism)


def _timings(memory: int, passes: int, lanes: int, hashes: int) -> list[float]:
    hasher = argon2.PasswordHasher(memory_cost=memory, time_cost=passes, parallelism=lanes)
    samples = []
    for _ in range(hashes):
        started = time.perf_counter()
        hasher.hash("correct-horse-battery-staple")
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hashes", type=int, default=20, help="hashes per cost (and per process)")
    parser.add_argument("--parallel", type=int, default=os.cpu_count() or 1, help="processes hashing at once")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{value:.2f}' for value in os.getloadavg())}, cores: {os.cpu_count()}")
    print(f"{'cost':<28}{'p50 ms':>9}{'p95 ms':>9}{f'x{args.parallel} hashes/s':>16}")
    for label, memory, passes, lanes in [*COSTS, _product()]:
        samples = sorted(_timings(memory, passes, lanes, args.hashes))
        p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
        started = time.perf_counter()
        with ProcessPoolExecutor(args.parallel) as pool:
            list(pool.map(_timings, *zip(*[(memory, passes, lanes, args.hashes)] * args.parallel, strict=True)))
        rate = args.parallel * args.hashes / (time.perf_counter() - started)
        print(f"{label:<28}{statistics.median(samples):>9.1f}{p95:>9.1f}{rate:>16.1f}")
    print(f"load average after: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
