"""A TCP fault-injection proxy (in the spirit of toxiproxy) in front of a real server.

Clients connect to the proxy's port; ``down()`` resets every open connection and
closes the listening socket, so new connections are refused at once, the way a
crashed server looks; ``hang()`` keeps accepting connections but answers nothing on
new and open ones alike, the way a paused (SIGSTOP) or partitioned server looks;
``slow(seconds)`` delays every chunk of data by ``seconds`` in both directions;
``up()`` serves normally again on the same port (connections opened while hung are
reset), so clients that keep their configured address recover by themselves.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from types import TracebackType
from typing import Self

from operations.embedded import free_port


class FaultProxy:
    def __init__(self, *, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._hung = False
        self._delay = 0.0

    def up(self) -> Self:
        with self._lock:
            if self._hung:  # their streams lost data while hung: reset them, as a restarted server would
                for sock in self._open:
                    _reset(sock)
                self._open.clear()
            self._hung, self._delay = False, 0.0
            if self._listener is None:
                self._listener = socket.create_server(("127.0.0.1", self.port))
                threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()
        return self

    def hang(self) -> None:
        self.up()
        with self._lock:
            self._hung = True

    def slow(self, seconds: float) -> None:
        self.up()
        with self._lock:
            self._delay = seconds

    def down(self) -> None:
        with self._lock:
            if self._listener is not None:
                # shutdown() wakes the thread blocked in accept(); close() alone would not.
                self._listener.shutdown(socket.SHUT_RDWR)
                self._listener.close()
                self._listener = None
            for sock in self._open:
                _reset(sock)
            self._open.clear()

    def __enter__(self) -> Self:
        return self.up()

    def __exit__(self, typ: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.down()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:  # the listener was shut down
                return
            with self._lock:
                if self._hung:  # accepted, and never answered
                    self._open.add(client)
                    continue
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                if self._listener is not listener:  # went down meanwhile
                    _reset(client)
                    _reset(server)
                    return
                self._open.update((client, server))
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                if self._hung:
                    continue  # swallowed: nothing goes through either way
                if self._delay:
                    time.sleep(self._delay)
                target.sendall(data)
        except OSError:
            pass
        with self._lock:
            for sock in (source, target):
                if sock in self._open:
                    self._open.discard(sock)
                    _reset(sock)


def _reset(sock: socket.socket) -> None:
    """Close with RST rather than FIN, as a dead peer's kernel would answer."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
