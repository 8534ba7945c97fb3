"""An AI provider for real-worker tests, named by dotted path in the worker's environment.

It fails the first ``FLAKY_FAILURES`` evaluations like an outage, counting
calls in Redis under ``FLAKY_COUNTER_KEY`` so the test process can read them,
then scores like the offline provider.
"""

import os

import redis

from ai.errors import ProviderUnavailable
from ai.providers.offline import OfflineProvider


class FlakyProvider(OfflineProvider):
    name = "flaky"

    def evaluate_answer(self, data):
        calls = redis.Redis.from_url(os.environ["REDIS_URL"]).incr(os.environ["FLAKY_COUNTER_KEY"])
        if calls <= int(os.environ["FLAKY_FAILURES"]):
            raise ProviderUnavailable("simulated outage")
        return super().evaluate_answer(data)
