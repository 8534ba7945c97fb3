"""Fixtures that put a FaultProxy between the app and one of its real servers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import call_command
from django.db import connections
from pytest import MonkeyPatch

from interviewprep.celery import app
from interviewprep.settings.environment import billing_database
from tests.faults.proxy import FaultProxy
from tests.postgres import SUPERUSER, PostgresServer


def _through(url: str, proxy: FaultProxy) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"127.0.0.1:{proxy.port}"))


# --- MongoDB and Redis outages (test_mongodb_down.py, test_redis_down.py) ---------------


@pytest.fixture(autouse=True)
def _short_breaker_pause(settings: Any) -> None:
    """Breakers pause 1 s instead of DEPENDENCY_BREAKER_SECONDS, so recovery shows within a test."""
    settings.DEPENDENCY_BREAKER_SECONDS = 1.0


@pytest.fixture
def mongodb_outage(db: None) -> Iterator[FaultProxy]:
    """The default database reached through a proxy (up at first), with a 1 s server
    selection timeout instead of MONGODB_TIMEOUT_MS: longer than the driver's 0.5 s
    between checks of a lost server, so the first request after ``up()`` finds it again."""
    connection: Any = connections["default"]
    settings_dict = connection.settings_dict
    with (
        FaultProxy(upstream_port=urlsplit(settings_dict["HOST"]).port or 27017) as proxy,
        MonkeyPatch.context() as patch,
    ):
        patch.setitem(settings_dict, "HOST", _through(settings_dict["HOST"], proxy))
        # timeoutMS as in production (the suite raises it for its flushes).
        options = {**settings_dict["OPTIONS"], "serverSelectionTimeoutMS": 1000, "timeoutMS": 2000}
        patch.setitem(settings_dict, "OPTIONS", options)
        connection.close_pool()  # the next query opens a client with the settings above
        yield proxy
    _forget_mongodb_client(connection)


def _forget_mongodb_client(connection: Any) -> None:
    """Close the client of this alias, also one that another thread (a readiness check) opened through the
    proxy: the next query opens one with the restored settings."""
    connection.ensure_connection()  # picks up the alias's shared client, whoever created it
    connection.close_pool()


@pytest.fixture
def redis_outage(settings: Any) -> Iterator[FaultProxy]:
    """The caches and the Celery broker reached through a proxy (up at first); tasks are queued, not eager."""
    redis_url = settings.CACHES["default"]["LOCATION"]
    with FaultProxy(upstream_port=urlsplit(redis_url).port or 6379) as proxy, MonkeyPatch.context() as patch:
        url = _through(redis_url, proxy)
        settings.CACHES = {alias: {**cache, "LOCATION": url} for alias, cache in settings.CACHES.items()}
        patch.setitem(app.conf, "broker_url", url)
        patch.setitem(app.conf, "task_always_eager", False)
        _forget_broker_connections()
        yield proxy
    _forget_broker_connections()


def _forget_broker_connections() -> None:
    """Celery pools its broker connections for the URL it saw first; drop the pools, as
    Celery does after a fork, so the next message goes to the current ``broker_url``."""
    app._after_fork()  # type: ignore[attr-defined]


# --- The billing database on PostgreSQL (test_hung_dependencies.py) ----------------------


@pytest.fixture(scope="module")
def postgres(postgres_server: PostgresServer) -> dict[str, Any]:
    """The connection settings of the test process's PostgreSQL server (tests/postgres.py)."""
    return {"HOST": "127.0.0.1", "PORT": postgres_server.port, "NAME": "postgres", "USER": SUPERUSER, "PASSWORD": ""}


@pytest.fixture
def billing_outage(transactional_db: None, postgres: dict[str, Any]) -> Iterator[FaultProxy]:
    """The billing database on PostgreSQL (the suite's is SQLite), reached through a proxy (up at first),
    with the production deadlines. Its tables are created from the models, as the suite's are."""
    configured = billing_database(
        {"ENGINE": "django.db.backends.postgresql", **postgres, "CONN_MAX_AGE": 0}, timeout_seconds=2
    )
    # The suite's billing database lives in memory only while its connection is open: that connection
    # is set aside unclosed and put back, or later tests in this process would find no tables.
    suite_connection = connections["billing"]
    del connections["billing"]
    with FaultProxy(upstream_port=postgres["PORT"]) as proxy, MonkeyPatch.context() as patch:
        for key, value in {**configured, "PORT": proxy.port}.items():
            patch.setitem(connections.settings["billing"], key, value)
        call_command("migrate", database="billing", run_syncdb=True, verbosity=0)
        yield proxy
        _forget_billing_connection()
        call_command("flush", database="billing", interactive=False, verbosity=0)
    connections["billing"].close()
    connections["billing"] = suite_connection


def _forget_billing_connection() -> None:
    connections["billing"].close()
    del connections["billing"]  # the next query opens a connection with the current settings
