"""What every fake third-party API shares: a threaded HTTP server on a free loopback port,
started and stopped by the fake (or as a context manager)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self


class FakeHTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a handler that sleeps (a simulated timeout) never blocks stop()

    def __init__(self, fake: Any, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.fake = fake


class LoopbackFake:
    handler_class: type[BaseHTTPRequestHandler]
    thread_name = "fake-api"
    _httpd: FakeHTTPServer | None = None

    def start(self) -> Self:
        if self._httpd is not None:
            raise RuntimeError("server already started")
        self._httpd = FakeHTTPServer(self, self.handler_class)
        threading.Thread(target=self._httpd.serve_forever, name=self.thread_name, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, typ: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"
