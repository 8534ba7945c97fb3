"""``make run``: the whole product in the foreground on embedded defaults.

Starts SecantusDB and redis-server for whichever of MONGODB_URI / REDIS_URL is
unset (data under ``var/``), records their addresses for ``manage.py`` in other
terminals, applies pending migrations and seeds demo data, then runs the web
server and a Celery worker. Ctrl-C or SIGTERM stops every child; children also
die with this process if it is killed outright (see embedded.spawn).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

from operations import embedded

MANAGE = str(Path(__file__).resolve().parent.parent / "manage.py")


class _Stop(Exception):
    pass


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop()


def _start_services() -> list[embedded.RunningService]:
    logs = embedded.VAR_DIR / "log"
    logs.mkdir(parents=True, exist_ok=True)
    services = []
    if not os.environ.get("MONGODB_URI"):
        mongodb = embedded.start_mongodb(
            storage_path=str(embedded.VAR_DIR / "mongodb"), db_name="interviewprep", log_file=logs / "mongodb.log"
        )
        os.environ["MONGODB_URI"] = mongodb.url
        services.append(mongodb)
    if not os.environ.get("REDIS_URL"):
        redis = embedded.start_redis(data_dir=embedded.VAR_DIR / "redis", log_file=logs / "redis.log")
        os.environ["REDIS_URL"] = redis.url
        services.append(redis)
    embedded.record(services)
    return services


def _share_metrics() -> None:
    """Have the web server and the worker write their metrics to one fresh directory, which /metrics sums up."""
    directory = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(embedded.VAR_DIR / "run" / "metrics")))
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):  # samples of the previous run's processes
        stale.unlink()


def _banner(port: int, host: str) -> str:
    base = f"http://{host}:{port}"
    return "\n".join(
        [
            "",
            "InterviewPrep is running.",
            f"  API        {base}/api/v1/",
            f"  Swagger UI {base}/api/v1/docs/",
            f"  Admin      {base}/admin/",
            f"  Metrics    {base}/metrics (signed in as staff, or METRICS_TOKEN)",
            "  Staff login  admin@interviewprep.local / interviewprep-admin",
            "  Demo login   demo@interviewprep.local / interviewprep-demo",
            "Ctrl-C stops everything.",
            "",
        ]
    )


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewprep.settings.dev")
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    services: list[embedded.RunningService] = []
    children: list[subprocess.Popen[bytes]] = []
    try:
        services = _start_services()
        subprocess.run([sys.executable, MANAGE, "prepare", "--demo"], check=True, preexec_fn=embedded._die_with_parent)
        _share_metrics()
        children = [
            embedded.spawn([sys.executable, MANAGE, "runserver", f"{host}:{port}", "--noreload"]),
            # Threads, not forked pool processes: nothing is left behind on stop.
            # --beat runs the periodic tasks (CELERY_BEAT_SCHEDULE) in the same process.
            embedded.spawn(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "interviewprep",
                    "worker",
                    "--beat",
                    "--schedule",
                    str(embedded.VAR_DIR / "run" / "celerybeat-schedule"),
                    "--pool",
                    "threads",
                    "--concurrency",
                    os.environ.get("WORKER_CONCURRENCY", "4"),
                    # The default queue and the coding round's sandbox runs (see README "Coding round").
                    "--queues",
                    "celery,sandbox",
                    "--loglevel",
                    "INFO",
                ]  # fmt: skip
            ),
        ]
        print(_banner(port, host), flush=True)
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        failed = next(child for child in children if child.poll() is not None)
        print(f"A child process exited with code {failed.returncode}; stopping.", file=sys.stderr)
        return 1
    except _Stop:
        print("\nStopping InterviewPrep...", flush=True)
        return 0
    except subprocess.CalledProcessError as exc:
        print(f"Start-up step failed ({exc.cmd[-1]}); stopping.", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        embedded.stop(children)
        embedded.stop([service.process for service in services])
        embedded.forget()


if __name__ == "__main__":
    sys.exit(main())
