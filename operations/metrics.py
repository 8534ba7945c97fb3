"""Prometheus metrics: what is measured, how processes share it, and how /metrics renders it.

The web server's workers and the Celery worker are separate processes. With PROMETHEUS_MULTIPROC_DIR
set (``make run`` and the Docker image set it), every process writes its samples to files in that
directory and a scrape of any web worker adds them all up, so task and AI metrics recorded in the
worker appear on the web's /metrics. Without it (tests, ``manage.py`` in a shell) the process's own
registry is served. Queue lengths are not recorded by anyone: they are read from the broker at
scrape time.
"""

from __future__ import annotations

import hmac
import logging
import os
import socket
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

import redis
from celery import current_app
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess, values
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.registry import Collector

from ai.types import Usage

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR" in os.environ
if MULTIPROCESS:
    # Sample files are named by process; the web and worker containers share the directory but
    # not a pid namespace, so the host name keeps two "pid 7"s apart.
    _host = socket.gethostname()
    values.ValueClass = values.MultiProcessValue(lambda: f"{_host}-{os.getpid()}")

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUEST_DURATION = Histogram(
    "http_request_duration_seconds",
    "Time to answer a request, by resolved view (never the raw path), method and status class.",
    ["view", "method", "status"],
)
REQUEST_ERRORS = Counter(
    "http_request_errors_total",
    "Responses with a 4xx or 5xx status, by resolved view, method and status class.",
    ["view", "method", "status"],
)
TASK_DURATION = Histogram(
    "celery_task_duration_seconds",
    "Time a Celery task ran, by task name.",
    ["task"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)
TASK_OUTCOMES = Counter(
    "celery_task_outcomes_total",
    "Finished Celery task runs by task name and outcome (success, failure, retry...).",
    ["task", "outcome"],
)
AI_CALLS = Counter(
    "ai_calls_total",
    "AI provider calls by provider, model, operation and result (ok, cached, error).",
    ["provider", "model", "operation", "result"],
)
AI_TOKENS = Counter(
    "ai_tokens_total",
    "Tokens billed by the AI provider, by kind (prompt, completion).",
    ["provider", "model", "operation", "kind"],
)
AI_COST = Counter(
    "ai_cost_usd_total",
    "Estimated cost of AI calls in US dollars (list prices in ai/pricing.py).",
    ["provider", "model", "operation"],
)
AI_DURATION = Histogram(
    "ai_call_duration_seconds",
    "Latency of AI provider calls that were not answered from the cache.",
    ["provider", "model", "operation"],
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60),
)


def request_observe(*, request: HttpRequest, status: int, seconds: float) -> None:
    """Label by the resolved route's name so the series stay bounded whatever paths clients try."""
    match = request.resolver_match
    view = match.view_name if match else "unresolved"
    method = request.method if request.method in _METHODS else "other"
    status_class = f"{status // 100}xx"
    REQUEST_DURATION.labels(view, method, status_class).observe(seconds)
    if status >= 400:
        REQUEST_ERRORS.labels(view, method, status_class).inc()


def task_observe(*, task: str, state: str | None, seconds: float | None) -> None:
    TASK_OUTCOMES.labels(task, (state or "unknown").lower()).inc()
    if seconds is not None:
        TASK_DURATION.labels(task).observe(seconds)


def ai_call_observe(*, usage: Usage) -> None:
    labels = (usage.provider, usage.model, usage.operation)
    result = "error" if not usage.ok else "cached" if usage.cached else "ok"
    AI_CALLS.labels(*labels, result).inc()
    AI_TOKENS.labels(*labels, "prompt").inc(usage.prompt_tokens)
    AI_TOKENS.labels(*labels, "completion").inc(usage.completion_tokens)
    AI_COST.labels(*labels).inc(usage.cost_usd)
    if not usage.cached:
        AI_DURATION.labels(*labels).observe(usage.latency_ms / 1000)


def _queue_gauge() -> GaugeMetricFamily:
    return GaugeMetricFamily("celery_queue_length", "Messages waiting in a Celery queue.", labels=["queue"])


class CeleryQueueCollector(Collector):
    """Messages waiting in each Celery queue: the length of its list in the Redis broker, read when scraped."""

    def describe(self) -> Iterator[GaugeMetricFamily]:
        # Without describe(), registering would call collect() and reach for the broker at import.
        yield _queue_gauge()

    def collect(self) -> Iterator[GaugeMetricFamily]:

        gauge = _queue_gauge()
        queues = list(current_app.amqp.queues)
        try:
            timeout = settings.REDIS_TIMEOUT_SECONDS
            with redis.Redis.from_url(
                current_app.conf.broker_url, socket_connect_timeout=timeout, socket_timeout=timeout
            ) as client:
                lengths = [client.llen(queue) for queue in queues]
        except redis.RedisError as exc:  # a down broker must not take the other metrics with it
            logger.warning("celery queue lengths unavailable: %s", exc)
            return
        for queue, length in zip(queues, lengths, strict=True):
            gauge.add_metric([queue], length)
        yield gauge


_QUEUES = CeleryQueueCollector()
if not MULTIPROCESS:
    REGISTRY.register(_QUEUES)


def exposition() -> bytes:
    """The text exposition of every metric: all processes' samples in multiprocess mode, else this process's."""
    if not MULTIPROCESS:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(_QUEUES)
    return generate_latest(registry)


def _may_scrape(request: HttpRequest) -> bool:
    """A bearer token equal to METRICS_TOKEN (when one is set), or a signed-in staff user's session."""
    token = settings.METRICS_TOKEN
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(presented.encode(), token.encode()):
        return True
    return request.user.is_authenticated and cast("User", request.user).is_staff


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Refusals are the site's ordinary 404, so the endpoint cannot be told apart from an unknown URL."""
    if not _may_scrape(request):
        raise Http404
    # generate_latest writes the classic text format, which every Prometheus version reads.
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_PLAIN_0_0_4)
