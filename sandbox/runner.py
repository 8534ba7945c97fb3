"""Running untrusted code under bubblewrap with resource limits.

Each run is one ``bwrap`` process tree: every namespace unshared (no network, its own PID, IPC,
UTS, mount and user namespaces), a root holding only read-only binds of the interpreter, its
standard library and shared libraries, a size-limited tmpfs as the only writable directory, uid
65534 inside, a new session, no environment, and death with its parent. Before ``bwrap`` starts,
the child sets rlimits (CPU seconds, address space, processes, file size, no core dumps) and,
when the worker runs as root, drops to a host uid of its own slot: the kernel counts the process
limit per host uid and never enforces it for root, so each concurrent run gets its own uid.
The parent enforces the wall-clock limit and the output cap and kills the whole tree on either.
"""

from __future__ import annotations

import ctypes
import functools
import json
import math
import os
import queue
import resource
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HARNESS_DIR = Path(__file__).resolve().parent / "harness"
LANGUAGES = ("python", "javascript")
CODE_MAX_BYTES = 64 * 1024
CASES_MAX = 200
MIB = 1024 * 1024
# V8 reserves address space far beyond what it uses; its heap is capped by --max-old-space-size instead.
NODE_ADDRESS_SPACE_EXTRA = 1024 * MIB
NODE_THREADS = 8  # V8 and libuv threads of even a --single-threaded node count as processes
STARTUP_WALL_SECONDS = 2.0  # interpreter start-up, on top of the CPU limit, before a run is "too slow"
REAP_SECONDS = 1.0
PR_SET_CHILD_SUBREAPER = 36  # how long a finished run's processes may take to go before they are killed


class Verdict:
    """What happened to a run, before and after comparing with the expected outputs."""

    PASSED = "passed"
    FAILED = "failed"
    TIMEOUT = "timeout"
    MEMORY = "memory"
    RUNTIME_ERROR = "runtime_error"
    OUTPUT_LIMIT = "output_limit"
    REFUSED = "refused"
    # The process finished and reported every case; judge() turns it into passed or failed.
    COMPLETED = "completed"


@dataclass(frozen=True)
class Limits:
    cpu_seconds: float = 2.0
    memory_mb: int = 256
    processes: int = 8
    file_bytes: int = 1 * MIB
    tmp_bytes: int = 8 * MIB
    output_bytes: int = 256 * 1024

    @property
    def wall_seconds(self) -> float:
        return self.cpu_seconds * 2 + STARTUP_WALL_SECONDS


@dataclass(frozen=True)
class CaseOutcome:
    ok: bool
    value: Any = None
    error: str = ""
    ms: float = 0.0


@dataclass(frozen=True)
class Execution:
    """One process's outcome: ``verdict`` is COMPLETED when every case ran (each may still have raised)."""

    verdict: str
    cases: tuple[CaseOutcome, ...] = ()
    detail: str = ""
    stderr: str = ""
    wall_ms: float = 0.0
    memory_kb: int = 0

    @property
    def runtime_ms(self) -> float:
        return sum(case.ms for case in self.cases)


@dataclass(frozen=True)
class CaseResult:
    index: int
    passed: bool
    actual: Any = None
    error: str = ""
    ms: float = 0.0


@dataclass(frozen=True)
class Judgement:
    verdict: str
    passed: int
    total: int
    cases: tuple[CaseResult, ...] = ()
    first_failure: int | None = None  # index of the first case that did not pass
    detail: str = ""
    stderr: str = ""
    runtime_ms: float = 0.0
    memory_kb: int = 0
    wall_ms: float = 0.0


def refusal(detail: str) -> Execution:
    return Execution(verdict=Verdict.REFUSED, detail=detail)


def execute(*, language: str, code: str, function: str, cases: list[list[Any]], limits: Limits) -> Execution:
    """Call ``function`` defined by ``code`` on each argument list in ``cases``, inside the sandbox."""
    if language not in LANGUAGES:
        return refusal(f"unsupported language {language!r}")
    if len(code.encode()) > CODE_MAX_BYTES:
        return refusal(f"the code is larger than {CODE_MAX_BYTES // 1024} KB")
    if len(cases) > CASES_MAX:
        return refusal(f"more than {CASES_MAX} test cases")
    payload = json.dumps({"code": code, "function": function, "cases": cases}).encode()
    with _slot() as slot:
        return _run(_command(language, limits), payload, limits, slot=slot, language=language)


def judge(*, execution: Execution, expected: list[Any]) -> Judgement:
    """Compare what the code returned with ``expected``; the first case that did not pass decides the verdict."""
    common: dict[str, Any] = {
        "total": len(expected),
        "detail": execution.detail,
        "stderr": execution.stderr,
        "runtime_ms": round(execution.runtime_ms, 2),
        "memory_kb": execution.memory_kb,
        "wall_ms": round(execution.wall_ms, 2),
    }
    if execution.verdict != Verdict.COMPLETED:  # stopped as a whole: which case was running is unknown
        return Judgement(verdict=execution.verdict, passed=0, **common)
    if len(execution.cases) != len(expected):  # the report is the code's to forge, so check its shape
        common["detail"] = f"reported {len(execution.cases)} results for {len(expected)} cases"
        return Judgement(verdict=Verdict.RUNTIME_ERROR, passed=0, **common)
    results = tuple(
        CaseResult(
            index=i,
            passed=case.ok and same(case.value, expected[i]),
            actual=case.value if case.ok else None,
            error=case.error,
            ms=round(case.ms, 3),
        )
        for i, case in enumerate(execution.cases)
    )
    failing = next((case for case in results if not case.passed), None)
    if failing is None:
        verdict = Verdict.PASSED
    elif failing.error:
        verdict = (
            Verdict.MEMORY if execution.cases[failing.index].error.startswith("MemoryError") else Verdict.RUNTIME_ERROR
        )
    else:
        verdict = Verdict.FAILED
    return Judgement(
        verdict=verdict,
        passed=sum(case.passed for case in results),
        cases=results,
        first_failure=None if failing is None else failing.index,
        **common,
    )


def same(actual: Any, expected: Any) -> bool:
    """JSON equality, with floats equal to 1e-6 (relative or absolute) and ints equal to the same float."""
    if isinstance(expected, float) or (isinstance(actual, float) and isinstance(expected, int)):
        if isinstance(actual, bool) or not isinstance(actual, int | float):
            return False
        return math.isclose(actual, expected, rel_tol=1e-6, abs_tol=1e-6)
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(same(a, e) for a, e in zip(actual, expected, strict=True))
        )
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and actual.keys() == expected.keys()
            and all(same(actual[k], v) for k, v in expected.items())
        )
    return type(actual) is type(expected) and actual == expected


# --- Concurrency: one slot (and host uid) per run ------------------------------------------


@functools.cache
def _slots() -> queue.Queue[int]:
    slots: queue.Queue[int] = queue.Queue()
    for slot in range(int(os.environ.get("SANDBOX_PARALLEL") or os.cpu_count() or 2)):
        slots.put(slot)
    return slots


@contextmanager
def _slot() -> Iterator[int]:
    """Runs beyond SANDBOX_PARALLEL wait here, so their time limits are not eaten by contention."""
    slot = _slots().get()
    try:
        yield slot
    finally:
        _slots().put(slot)


def _host_uid(slot: int) -> int:
    return int(os.environ.get("SANDBOX_UID_BASE") or 60000) + slot


# --- The command ------------------------------------------------------------------------


def interpreter(language: str) -> str:
    if language == "python":
        return os.environ.get("SANDBOX_PYTHON") or "/usr/bin/python3"
    return os.environ.get("SANDBOX_NODE") or "/usr/bin/node"


@functools.cache
def _binds(language: str) -> tuple[str, ...]:
    """What the interpreter needs, read-only: itself, its standard library, and the directories of its
    shared libraries (with the loader), found once with ``ldd``. Nothing else of the host is visible."""
    binary = os.path.realpath(interpreter(language))
    paths = {binary}
    linked = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    for line in linked.splitlines():
        target = line.split("=>")[-1].split("(")[0].strip()
        if target.startswith("/"):
            paths.add(os.path.dirname(os.path.realpath(target)))
            paths.add(os.path.dirname(target))
    if language == "python":
        stdlib = subprocess.run(
            [binary, "-I", "-S", "-c", "import os, sysconfig; print(os.path.realpath(sysconfig.get_path('stdlib')))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        paths.add(stdlib)
    return tuple(sorted(path for path in paths if os.path.exists(path)))


def _command(language: str, limits: Limits) -> list[str]:
    binds = [arg for path in _binds(language) for arg in ("--ro-bind", path, path)]
    if language == "python":
        program = [os.path.realpath(interpreter(language)), "-I", "-S", "-B", "-c", _harness("python_harness.py")]
    else:
        program = [
            os.path.realpath(interpreter(language)),
            f"--max-old-space-size={limits.memory_mb}",
            "--single-threaded",
            "-e",
            _harness("javascript_harness.js"),
        ]
    return [
        "bwrap",
        "--unshare-all",
        "--unshare-user",
        "--disable-userns",
        "--die-with-parent",
        "--new-session",
        "--uid", "65534",
        "--gid", "65534",
        "--hostname", "sandbox",
        "--clearenv",
        "--setenv", "PATH", "/nonexistent",
        "--setenv", "HOME", "/tmp",
        "--setenv", "LANG", "C.UTF-8",
        *binds,
        "--proc", "/proc",
        "--dev", "/dev",
        "--size", str(limits.tmp_bytes),
        "--tmpfs", "/tmp",
        # The root and /dev bwrap builds are writable tmpfs: read-only too, so /tmp is the only writable place.
        "--remount-ro", "/",
        "--remount-ro", "/dev",
        "--chdir", "/tmp",
        "--",
        *program,
    ]  # fmt: skip


@functools.cache
def _harness(name: str) -> str:
    return (HARNESS_DIR / name).read_text(encoding="utf-8")


def _processes_of(uid: int) -> dict[int, int]:
    """Process id -> number of threads, for every process of ``uid`` (threads count against RLIMIT_NPROC too)."""
    found: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    found[int(entry.name)] = len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                continue
    return found


def _reap_uid(uid: int) -> None:
    """Wait until nothing of the slot's host uid is left, killing stragglers, so the next run on this slot
    starts with its whole process budget and nothing of this run survives it.

    bwrap's outer process exits without reaping the sandbox's init, which is then re-parented: to this
    process, since it is a child subreaper (see _adopt_orphans), so its zombie is reaped here at once
    rather than whenever the container's PID 1 gets to it (if it ever does)."""
    deadline = time.monotonic() + REAP_SECONDS
    while remaining := _processes_of(uid):
        for pid in remaining:
            with suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            if time.monotonic() > deadline:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        time.sleep(0.002)


@functools.cache
def _adopt_orphans() -> bool:
    """Make this process the reaper of its orphaned descendants (PR_SET_CHILD_SUBREAPER)."""
    libc = ctypes.CDLL(None, use_errno=True)
    return bool(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)


def _preexec(limits: Limits, language: str, host_uid: int | None, nproc: int) -> Any:
    address_space = limits.memory_mb * MIB + (NODE_ADDRESS_SPACE_EXTRA if language == "javascript" else 0)
    cpu = max(1, math.ceil(limits.cpu_seconds))

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
        resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
        if host_uid is not None:
            os.setgroups([])
            os.setgid(host_uid)
            os.setuid(host_uid)

    return apply


def _run(command: list[str], payload: bytes, limits: Limits, *, slot: int, language: str) -> Execution:
    is_root = os.geteuid() == 0
    host_uid = _host_uid(slot) if is_root else None
    if is_root:
        _adopt_orphans()
    # bwrap's own two processes plus the interpreter's threads; a non-root worker shares the count with itself.
    nproc = limits.processes + 2 + (NODE_THREADS if language == "javascript" else 0)
    nproc += 0 if is_root else sum(_processes_of(os.geteuid()).values())
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_preexec(limits, language, host_uid, nproc),
        start_new_session=True,
        close_fds=True,
    )
    outputs = {"stdout": bytearray(), "stderr": bytearray()}
    overflow = threading.Event()
    readers = [
        threading.Thread(target=_drain, args=(stream, outputs[name], limits.output_bytes, overflow), daemon=True)
        for name, stream in (("stdout", process.stdout), ("stderr", process.stderr))
    ]
    for reader in readers:
        reader.start()
    threading.Thread(target=_feed, args=(process, payload), daemon=True).start()
    killed = ""
    deadline = started + limits.wall_seconds
    while process.poll() is None:
        if overflow.is_set():
            killed = Verdict.OUTPUT_LIMIT
        elif time.monotonic() > deadline:
            killed = Verdict.TIMEOUT
        if killed:
            _kill(process)
            break
        time.sleep(0.005)
    process.wait()
    for reader in readers:
        reader.join(timeout=2)
    if host_uid is not None:
        _reap_uid(host_uid)
    wall_ms = (time.monotonic() - started) * 1000
    stderr = bytes(outputs["stderr"][: limits.output_bytes]).decode(errors="replace")
    if overflow.is_set():
        killed = Verdict.OUTPUT_LIMIT
    if killed:
        detail = (
            f"more than {limits.output_bytes // 1024} KB of output"
            if killed == Verdict.OUTPUT_LIMIT
            else f"still running after {limits.wall_seconds:g} s"
        )
        return Execution(verdict=killed, detail=detail, stderr=stderr[-2000:], wall_ms=wall_ms)
    return _interpret(process.returncode, bytes(outputs["stdout"]), stderr, wall_ms)


def _interpret(returncode: int, stdout: bytes, stderr: str, wall_ms: float) -> Execution:
    tail = stderr[-2000:]
    try:
        report = json.loads(stdout) if returncode == 0 else None
    except ValueError:
        report = None
    if not isinstance(report, dict):
        # bwrap reports a child killed by signal N as exit status 128 + N.
        signal_number = returncode - 128 if returncode > 128 else -returncode
        if signal_number in (signal.SIGXCPU, signal.SIGKILL):
            return Execution(verdict=Verdict.TIMEOUT, detail="CPU time limit exceeded", stderr=tail, wall_ms=wall_ms)
        if _out_of_memory(stderr):
            return Execution(verdict=Verdict.MEMORY, detail="memory limit exceeded", stderr=tail, wall_ms=wall_ms)
        if "File too large" in stderr or signal_number == signal.SIGXFSZ:
            return Execution(
                verdict=Verdict.OUTPUT_LIMIT, detail="file size limit exceeded", stderr=tail, wall_ms=wall_ms
            )
        return Execution(
            verdict=Verdict.RUNTIME_ERROR,
            detail=f"exited with status {returncode} without a result",
            stderr=tail,
            wall_ms=wall_ms,
        )
    memory_kb = int(report.get("maxrss_kb") or 0)
    if "load_error" in report:
        verdict = Verdict.MEMORY if report.get("memory") else Verdict.RUNTIME_ERROR
        return Execution(
            verdict=verdict, detail=str(report["load_error"]), stderr=tail, wall_ms=wall_ms, memory_kb=memory_kb
        )
    cases = tuple(
        CaseOutcome(
            ok=bool(item.get("ok")),
            value=item.get("value"),
            error=("MemoryError: " if item.get("memory") else "") + str(item.get("error") or "")
            if not item.get("ok")
            else "",
            ms=float(item.get("ms") or 0),
        )
        for item in report.get("results") or ()
        if isinstance(item, dict)
    )
    return Execution(verdict=Verdict.COMPLETED, cases=cases, stderr=tail, wall_ms=wall_ms, memory_kb=memory_kb)


def _out_of_memory(stderr: str) -> bool:
    return any(
        sign in stderr for sign in ("MemoryError", "heap out of memory", "Fatal process OOM", "Cannot allocate memory")
    )


def _drain(stream: Any, sink: bytearray, cap: int, overflow: threading.Event) -> None:
    """Keep reading (so the child never blocks on a full pipe), but keep only ``cap`` bytes."""
    while chunk := stream.read1(65536):
        if len(sink) <= cap:
            sink.extend(chunk)
        if len(sink) > cap:
            overflow.set()
            return
    stream.close()


def _feed(process: subprocess.Popen[bytes], payload: bytes) -> None:
    try:
        assert process.stdin is not None
        process.stdin.write(payload)
        process.stdin.close()
    except (BrokenPipeError, OSError):
        pass


def _kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL bwrap's process group; --die-with-parent then takes the sandbox's own PID namespace down."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
