"""Django's PostgreSQL backend with a client-side deadline on every statement.

``statement_timeout`` makes a live but slow server give up by itself; a server that
hangs (paused, partitioned) never answers at all, and libpq has no read timeout. So
each statement runs under a timer that, once ``CLIENT_DEADLINE_SECONDS`` have passed,
shuts the connection's socket down: the blocked read returns, psycopg raises
``OperationalError``, and the request answers 503 instead of holding its thread.
"""

from __future__ import annotations

import os
import socket
import threading
from typing import Any

from django.db import OperationalError
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper


class _StatementDeadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __call__(self, execute: Any, sql: Any, params: Any, many: bool, context: dict[str, Any]) -> Any:
        fileno = context["connection"].connection.pgconn.socket
        finished = threading.Lock()  # held by whichever of the statement and the timer ends first
        timer = threading.Timer(self.seconds, _cut, kwargs={"fileno": fileno, "finished": finished})
        timer.daemon = True
        timer.start()
        try:
            return execute(sql, params, many, context)
        except OperationalError:
            if context["connection"].connection.closed:  # cut by the timer, or by the server going away
                context["connection"].close()  # the next query (after the breaker's pause) connects afresh
            raise
        finally:
            finished.acquire(blocking=False)
            timer.cancel()


def _cut(*, fileno: int, finished: threading.Lock) -> None:
    if not finished.acquire(blocking=False):
        return  # the statement ended in time; the connection is healthy
    # A duplicate descriptor: shutting it down ends the connection without closing psycopg's own fd.
    with socket.socket(fileno=os.dup(fileno)) as sock:
        sock.shutdown(socket.SHUT_RDWR)


class DatabaseWrapper(PostgresDatabaseWrapper):
    def __init__(self, settings_dict: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(settings_dict, *args, **kwargs)
        if deadline := settings_dict.get("CLIENT_DEADLINE_SECONDS"):
            self.execute_wrappers.append(_StatementDeadline(deadline))
