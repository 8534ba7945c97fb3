"""An AI provider for benchmarks/load.py: the offline provider, optionally slowed.

Each model call first sleeps ``BENCHMARK_AI_DELAY_SECONDS`` (default 0), as a
remote model would, so the benchmark can show that answering stays fast while
evaluations run in the worker. Selected through AI_PROVIDER; never in production.
"""

from __future__ import annotations

import os
import time

from ai.providers.offline import OfflineProvider
from ai.types import Evaluation, EvaluationInput, FollowUpInput, GeneratedQuestion


class SlowOfflineProvider(OfflineProvider):
    name = "offline-slow"

    def __init__(self) -> None:
        super().__init__()
        self.delay = float(os.environ.get("BENCHMARK_AI_DELAY_SECONDS", "0"))

    def evaluate_answer(self, data: EvaluationInput) -> Evaluation:
        time.sleep(self.delay)
        return super().evaluate_answer(data)

    def generate_follow_up(self, data: FollowUpInput) -> GeneratedQuestion:
        time.sleep(self.delay)
        return super().generate_follow_up(data)
