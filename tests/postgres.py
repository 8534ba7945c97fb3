"""A throwaway PostgreSQL server for tests that need the production billing database engine.

Debian's ``postgresql`` package provides the binaries (``make test`` installs it when missing);
the server runs from a temporary data directory on a free loopback port and is removed on exit.
PostgreSQL refuses to run as root, so as root it runs as the ``postgres`` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from interviewprep.embedded import free_port


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(Path(path).parent.name))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql (make test does)")
    return Path(found[-1])


def _run(*command: str | Path) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True)


@contextmanager
def postgres_server() -> Iterator[dict[str, Any]]:
    """Start a server and yield the connection settings of its ``postgres`` database (trust auth)."""
    bindir = _bindir()
    root = Path(tempfile.mkdtemp(prefix="interviewprep-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(root, user="postgres", group="postgres")
    data, port = root / "data", free_port()
    try:
        _run(bindir / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        _run(bindir / "pg_ctl", "-D", data, "-l", root / "server.log", "-o", options, "-w", "start")
        try:
            yield {"HOST": "127.0.0.1", "PORT": port, "NAME": "postgres", "USER": "postgres", "PASSWORD": ""}
        finally:
            _run(bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
