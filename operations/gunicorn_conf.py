"""Gunicorn settings for production (Dockerfile, docker-compose.yml) and benchmarks/load.py.

Workers: one process per core, each with a few threads (``gthread``). A
request here spends most of its time waiting on MongoDB and Redis, not
running Python, so threads overlap those waits without the memory of the
classic ``2 x cores + 1`` processes; one process per core still uses every
core despite the GIL. benchmarks/load.py runs this configuration (its
``--gunicorn-args "-k sync -w 5"`` compares another). Override with
WEB_CONCURRENCY (processes) and GUNICORN_THREADS.
"""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request past this is a stuck worker (AI calls run in Celery, not here).
timeout = 30
# Behind a proxy, idle keep-alive connections should outlive the proxy's.
keepalive = 5
# RequestLogMiddleware already logs every request with its request id.
accesslog = None
