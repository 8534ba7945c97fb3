"""The one ``env`` reader every settings module shares, and the addresses of
the services the settings depend on."""

from typing import Any

import environ

from operations import embedded

env = environ.Env()

# Unset means "the embedded server the launcher is running" (see embedded.py).
MONGODB_URI = env.str("MONGODB_URI", default="") or embedded.recorded_url("mongodb")
REDIS_URL = env.str("REDIS_URL", default="") or embedded.recorded_url("redis")

# Connect and socket timeout of every Redis client: the cache, the rate limiter, the Celery broker.
REDIS_TIMEOUT_SECONDS = env.float("REDIS_TIMEOUT_SECONDS", default=1.0)


def billing_database(config: dict[str, Any], *, timeout_seconds: int) -> dict[str, Any]:
    """``config`` (from BILLING_DATABASE_URL) with deadlines, so a hung billing database costs a request
    at most about ``timeout_seconds`` (README "Failure behaviour")."""
    options = config.setdefault("OPTIONS", {})
    engine = config.get("ENGINE")  # none for an empty URL, which production refuses by name
    if engine == "django.db.backends.postgresql":
        # Our engine adds the client-side deadline a hung server needs: libpq has no read timeout.
        config["ENGINE"] = "kernel.db.postgresql"
        config["CLIENT_DEADLINE_SECONDS"] = timeout_seconds + 0.5  # past the server's own statement_timeout
        options.setdefault("connect_timeout", max(2, timeout_seconds))  # libpq's smallest
        options.setdefault("options", f"-c statement_timeout={timeout_seconds * 1000}")
    elif engine == "django.db.backends.sqlite3":
        options.setdefault("timeout", timeout_seconds)  # waiting for another writer's lock
    return config
