"""A throwaway PostgreSQL server (Debian's binaries; `make test` installs them) for the billing database.

Registered as a pytest plugin in the root conftest: ``postgres_server`` starts one per test
process on a free loopback port, in a temporary data directory, tuned for tests (no fsync).
The server refuses to run as root, so under root it runs as the ``postgres`` user.
"""

from __future__ import annotations

import ctypes
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from operations.embedded import free_port, stop, wait_for_port

SUPERUSER = "postgres"


def _binaries() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda path: int(path.parts[-3]))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: `make test` installs Debian's postgresql package")
    return found[-1].parent


def _demote() -> Callable[[], None]:
    """Run the child as ``postgres`` when we are root, then ask Linux to SIGTERM it if we die
    (set after the user change, which clears it)."""
    account = pwd.getpwnam("postgres") if os.getuid() == 0 else None

    def preexec() -> None:
        if account is not None:
            os.setgid(account.pw_gid)
            os.setuid(account.pw_uid)
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG

    return preexec


@dataclass
class PostgresServer:
    port: int
    data_dir: Path
    process: subprocess.Popen[bytes]

    def url(self, database: str) -> str:
        return f"postgres://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def close(self) -> None:
        """Stop the server and remove its data directory."""
        stop([self.process])
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def create_database(self, prefix: str = "billing") -> str:
        """A new empty database; its URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def start_postgres() -> PostgresServer:
    binaries = _binaries()
    data_dir = Path(tempfile.mkdtemp(prefix="interviewprep-postgres-"))
    if os.getuid() == 0:
        shutil.chown(data_dir, user="postgres", group="postgres")
    subprocess.run(
        [binaries / "initdb", "-D", str(data_dir), "-U", SUPERUSER, "-A", "trust", "--no-sync", "-E", "UTF8"],
        preexec_fn=_demote(),
        check=True,
        capture_output=True,
    )
    port = free_port()
    process = subprocess.Popen(  # type: ignore[call-overload]
        [
            binaries / "postgres",
            "-D",
            str(data_dir),
            "-p",
            str(port),
            "-h",
            "127.0.0.1",
            "-k",
            str(data_dir),
            # A test database need not survive a crash.
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
        ],
        preexec_fn=_demote(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, process=process, name="PostgreSQL")
    server = PostgresServer(port, data_dir, process)
    deadline = time.monotonic() + 30
    while True:  # the port opens a moment before the server accepts sessions
        try:
            psycopg.connect(server.url("postgres")).close()
            return server
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                server.close()
                raise
            time.sleep(0.1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = start_postgres()
    yield server
    server.close()
