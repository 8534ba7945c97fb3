"""A local stand-in for Sentry's ingest endpoint, for driving the real ``sentry_sdk`` in tests.

The SDK posts envelopes (brotli- or gzip-compressed) to ``/api/<project id>/envelope/``; the fake
keeps each one's decompressed bytes, so a test can read the events and search every byte sent.
Initialise the SDK with ``dsn=server.dsn`` and call ``sentry_sdk.flush()`` before reading.
"""

from __future__ import annotations

import gzip
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any

from sentry_sdk.envelope import Envelope

from tests.fakes.loopback import FakeHTTPServer, LoopbackFake

PROJECT_ID = "1"


def _decompress(body: bytes, encoding: str | None) -> bytes:
    if encoding == "br":
        import brotli  # the SDK compresses with brotli only when this module is installed

        return bytes(brotli.decompress(body))
    return gzip.decompress(body) if encoding == "gzip" else body


class _Handler(BaseHTTPRequestHandler):
    server: FakeHTTPServer

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path != f"/api/{PROJECT_ID}/envelope/":
            self.send_response(404)
        else:
            self.server.fake.received(_decompress(body, self.headers["Content-Encoding"]))
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class FakeSentry(LoopbackFake):
    handler_class = _Handler
    thread_name = "fake-sentry"

    def __init__(self) -> None:
        self.envelopes: list[bytes] = []
        self._lock = threading.Lock()

    def received(self, envelope: bytes) -> None:
        with self._lock:
            self.envelopes.append(envelope)

    @property
    def dsn(self) -> str:
        return self.origin.replace("http://", "http://publickey@") + f"/{PROJECT_ID}"

    def events(self) -> list[dict[str, Any]]:
        """The error events received so far, parsed from their envelopes."""
        with self._lock:
            envelopes = [Envelope.deserialize(raw) for raw in self.envelopes]
        return [
            item.payload.json
            for envelope in envelopes
            for item in envelope.items
            if item.type == "event" and item.payload.json is not None
        ]
