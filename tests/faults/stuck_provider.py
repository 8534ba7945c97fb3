"""An AI provider for real-worker tests that hangs inside the evaluation, like a call on a dead connection.

It counts the evaluations it entered in Redis under ``STUCK_STARTED_KEY`` (so the test process
knows the task is inside the provider) and then never returns: the test kills the worker.
"""

import os
import threading

import redis

from ai.providers.offline import OfflineProvider


class StuckProvider(OfflineProvider):
    name = "stuck"

    def evaluate_answer(self, data):
        redis.Redis.from_url(os.environ["REDIS_URL"]).incr(os.environ["STUCK_STARTED_KEY"])
        threading.Event().wait()
