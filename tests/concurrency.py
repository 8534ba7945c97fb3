"""Running one callable in many threads released at the same moment, for races on a last slot."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connections

T = TypeVar("T")


def at_once(attempt: Callable[[], T], *, times: int) -> list[T]:
    """The results of ``times`` calls of ``attempt``, each in its own thread, all started together."""
    barrier = threading.Barrier(times)
    results: list[T] = []

    def run() -> None:
        barrier.wait()
        try:
            results.append(attempt())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
