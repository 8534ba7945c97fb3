"""Load benchmark of the production configuration, with locust.

Starts, on loopback and in a throwaway directory: embedded MongoDB (SecantusDB)
and Redis, tables built from the models and ``manage.py prepare`` (plans,
question bank), gunicorn
with ``operations/gunicorn_conf.py`` and a Celery worker, all on
``benchmarks.settings`` (the production settings, DEBUG off, plus the reference
routes of ``benchmarks/reference/``) and the offline AI provider. Then:

1. a realistic user mix (register, login, refresh, browse and filter questions,
   interviews from start to result, history, stats, plans, support tickets) at
   25, 50 and 100 concurrent users: p50/p95/p99 and error rate per endpoint;
2. each read endpoint alone, at a fixed concurrency for a fixed time, against
   ``/api/v1/health/`` (the framework ceiling) and against its reference view
   (the same queries through bare pymongo and ``json.dumps``);
   Each read alone runs twice: under locust, and under ``wrk`` (a compiled
   load generator, Debian package ``wrk``) with the same connections and time,
   so its figures measure the server rather than Python on the client side;
3. answer submission with an instant AI provider and with one slowed to 2 s
   per call: evaluation runs in the worker, so the p95 should barely move.

Every process it starts is stopped at exit (and dies with it, see
``operations.embedded.spawn``). Each phase stops at its time or request cap.

    .venv/bin/python benchmarks/load.py            # full run, about 6 minutes
    .venv/bin/python benchmarks/load.py --quick    # smoke run, about 2 minutes

The user mix also runs against a server you started yourself (raise its rate
limits and weekly allowance first, see ``BENCHMARK_ENV``):

    .venv/bin/locust -f benchmarks/load.py --headless -u 25 -r 25 --run-time 20s --host http://127.0.0.1:8000
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import random
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import gevent
import redis
from locust import FastHttpUser, between, constant, task
from locust.env import Environment

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from operations import embedded  # noqa: E402

PASSWORD = "load-bench-pass-phrase-2026"
UNLIMITED = "1000000/m"
# The benchmark measures the server, not the limiter or the plan gate: every
# rate limit and the free plan's weekly allowance are raised out of reach.
BENCHMARK_ENV = {
    "FREE_WEEKLY_INTERVIEWS": "1000000",
    "RATELIMIT_LOGIN_FAILURES_PER_EMAIL": UNLIMITED,
    "RATELIMIT_LOGIN_PER_IP": UNLIMITED,
    "RATELIMIT_REGISTER_PER_IP": UNLIMITED,
    "RATELIMIT_EMAIL_PER_ADDRESS": UNLIMITED,
    "RATELIMIT_EMAIL_PER_IP": UNLIMITED,
    "RATELIMIT_REFRESH_PER_IP": UNLIMITED,
    "RATELIMIT_TICKETS_PER_USER": UNLIMITED,
    "API_THROTTLE_USER": UNLIMITED,
    "API_THROTTLE_ANON": UNLIMITED,
    # The embedded SecantusDB is one Python process sharing the two cores with gunicorn, the worker and
    # locust: at 100 users its queue passes production's 2 s deadline, and the outage guard then answers
    # 503 to everything for its cool-off. The deadline is the test suite's here, so latency is measured.
    "MONGODB_OPERATION_TIMEOUT_MS": "20000",
}
QUESTION_FILTERS = [
    "",
    "?type=technical",
    "?type=technical&level=junior",
    "?type=behavioral&level=middle",
    "?level=senior&difficulty=4",
    "?type=coding&page=2",
]
ANSWER_TEXT = (
    "I would start from the requirements, pick a simple design, explain the trade-offs and "
    "complexity (O(n log n) here), walk through an example and cover the edge cases: empty "
    "input, duplicates and failures, then say how I would test and monitor it in production."
)


# --- The user mix ---------------------------------------------------------------------------


def _register(client: Any) -> dict[str, str]:
    """Register a fresh user and log in: the tokens (none if logging in failed)."""
    email = f"load-{uuid.uuid4().hex[:16]}@example.com"
    client.post("/api/v1/auth/register/", json={"email": email, "password": PASSWORD, "name": "Load"}, name="register")
    with client.post(
        "/api/v1/auth/login/", json={"email": email, "password": PASSWORD}, name="login", catch_response=True
    ) as response:
        return response.json() if response.status_code == 200 else {"access": "", "refresh": ""}


class ApiUser(FastHttpUser):
    """One signed-up user doing what users do, one request per task, with think time."""

    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        tokens = _register(self.client)
        self.headers = {"Authorization": f"Bearer {tokens['access']}"}
        self.refresh_token = tokens["refresh"]
        self.question_ids: list[str] = []
        self.interview: dict[str, Any] | None = None
        self.pending: list[str] = []
        self.polls = 0

    def _get(self, path: str, name: str) -> Any:
        with self.client.get(path, headers=self.headers, name=name, catch_response=True) as response:
            return response.json() if response.status_code == 200 else None

    @task(6)
    def browse(self) -> None:
        page = self._get(f"/api/v1/questions/{random.choice(QUESTION_FILTERS)}", "questions list")
        if page and page["results"]:
            self.question_ids = [question["id"] for question in page["results"]]

    @task(3)
    def question_detail(self) -> None:
        if self.question_ids:
            self._get(f"/api/v1/questions/{random.choice(self.question_ids)}/", "question detail")

    @task(8)
    def interview_step(self) -> None:
        """Start, answer each question, complete, then poll the result until it is ready."""
        if self.interview is None:
            body = {"type": "technical", "level": random.choice(["junior", "middle"]), "question_count": 3}
            with self.client.post(
                "/api/v1/interviews/", json=body, headers=self.headers, name="interview start", catch_response=True
            ) as response:
                if response.status_code == 201:
                    self.interview = response.json()
                    self.pending = [question["id"] for question in self.interview["questions"]]
                    self.polls = 0
            return
        path = f"/api/v1/interviews/{self.interview['id']}"
        if self.pending:
            answer = {"question_id": self.pending.pop(0), "text": ANSWER_TEXT}
            self.client.post(f"{path}/answers/", json=answer, headers=self.headers, name="answer submit")
        elif self.polls == 0:
            self.client.post(f"{path}/complete/", headers=self.headers, name="interview complete")
            self.polls = 1
        else:
            with self.client.get(f"{path}/result/", headers=self.headers, name="result poll") as response:
                if response.status_code == 200 or self.polls >= 20:
                    self.interview = None
            self.polls += 1

    @task(2)
    def history(self) -> None:
        self._get("/api/v1/interviews/", "interview history")

    @task(1)
    def stats(self) -> None:
        self._get("/api/v1/users/me/stats/", "stats")

    @task(1)
    def plans(self) -> None:
        self._get("/api/v1/billing/plans/", "plans")

    @task(1)
    def refresh(self) -> None:
        with self.client.post(
            "/api/v1/auth/refresh/", json={"refresh": self.refresh_token}, name="refresh", catch_response=True
        ) as response:
            if response.status_code == 200:
                tokens = response.json()
                self.refresh_token = tokens["refresh"]
                self.headers = {"Authorization": f"Bearer {tokens['access']}"}

    @task(1)
    def support(self) -> None:
        ticket = {"subject": "Question about my interview score", "message": "Why did my last answer score low?"}
        self.client.post("/api/v1/support/tickets/", json=ticket, headers=self.headers, name="ticket create")
        self._get("/api/v1/support/tickets/", "ticket list")


def _get_user(path: str, name: str, token: str) -> type[FastHttpUser]:
    """A user that GETs one path back to back: throughput in isolation."""

    class OneEndpointUser(FastHttpUser):
        wait_time = constant(0)

        @task
        def get(self) -> None:
            self.client.get(path, headers={"Authorization": f"Bearer {token}"}, name=name)

    return OneEndpointUser


def _answer_user(tokens: list[str], *, reference: bool = False) -> type[FastHttpUser]:
    """A user that answers interview questions back to back (starting a new interview when done),
    signed in before the phase so that no Argon2 hash competes with the answers being timed; with
    ``reference``, the answers go to the bare pymongo view instead of the API."""
    prefix, name = ("/bench/ref", "answer submit (reference)") if reference else ("/api/v1", "answer submit")
    unused = iter(tokens)

    class AnswerUser(FastHttpUser):
        wait_time = constant(0)

        def on_start(self) -> None:
            self.headers = {"Authorization": f"Bearer {next(unused)}"}
            self.path = ""
            self.pending: list[str] = []

        @task
        def answer(self) -> None:
            if not self.pending:
                body = {"type": "technical", "level": "junior", "question_count": 10}
                response = self.client.post("/api/v1/interviews/", json=body, headers=self.headers, name="start")
                if response.status_code == 201:  # otherwise counted as a failed start, and tried again
                    interview = response.json()
                    self.path, self.pending = interview["id"], [question["id"] for question in interview["questions"]]
                return
            answer = {"question_id": self.pending.pop(0), "text": ANSWER_TEXT}
            url = f"{prefix}/interviews/{self.path}/answers/"
            self.client.post(url, json=answer, headers=self.headers, name=name)

    return AnswerUser


# --- Running locust as a library -----------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    name: str
    requests: int
    failures: int
    p50: float
    p95: float
    p99: float
    rps: float

    @property
    def error_rate(self) -> float:
        return 100 * self.failures / self.requests if self.requests else 0.0


NONE = Figures(name="", requests=0, failures=0, p50=0, p95=0, p99=0, rps=0)


def run_phase(
    user_class: type[FastHttpUser],
    *,
    host: str,
    users: int,
    seconds: float,
    max_requests: int,
    count_sign_up: bool = False,
) -> dict[str, Figures]:
    """Start ``users`` users at once, wait until they have all signed up (at most a
    minute), then run for ``seconds`` or until ``max_requests`` more requests; figures
    per request name. The sign-up is counted only with ``count_sign_up``; otherwise the
    first second of steady load is left out too, as warm-up."""
    environment = Environment(user_classes=[user_class], host=host)
    runner = environment.create_local_runner()
    counted = itertools.count(1)

    def cap(**kwargs: Any) -> None:
        if next(counted) >= max_requests:
            runner.quit()

    runner.start(users, spawn_rate=users)
    begun = time.monotonic()
    deadline = begun + 60
    signs_up = user_class.on_start is not FastHttpUser.on_start
    while signs_up and environment.stats.get("login", "POST").num_requests < users and time.monotonic() < deadline:
        gevent.sleep(0.2)
    if not count_sign_up:
        gevent.sleep(1.0)
        environment.stats.reset_all()
    environment.events.request.add_listener(cap)
    started = begun if count_sign_up else time.monotonic()
    stopper = gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    stopper.kill()
    elapsed = time.monotonic() - started
    figures = {}
    for entry in environment.stats.entries.values():
        figures[entry.name] = Figures(
            name=entry.name,
            requests=entry.num_requests,
            failures=entry.num_failures,
            p50=entry.get_response_time_percentile(0.5),
            p95=entry.get_response_time_percentile(0.95),
            p99=entry.get_response_time_percentile(0.99),
            rps=entry.num_requests / elapsed,
        )
    return figures


# --- wrk: the reads alone from a compiled load generator -------------------------------------------

WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("benchmarks/load.py drives the reads alone with wrk: apt-get install -y wrk")
    return found


def wrk_phase(*, host: str, path: str, name: str, token: str, connections: int, seconds: float) -> Figures:
    """One GET path back to back from ``connections`` connections on two wrk threads (p95: wrk
    prints 50/75/90/99%, so the 90th stands in for it)."""
    command = [wrk_path(), "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    command += ["-H", f"Authorization: Bearer {token}", f"{host}{path}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout

    def percentile(label: str) -> float:
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)$", output, re.MULTILINE)
        return float(match[1]) * WRK_UNITS[match[2]] if match else float("nan")

    total = re.search(r"(\d+) requests in", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failures = int(bad[1]) if bad else 0
    failures += sum(int(count) for count in socket.groups()) if socket else 0
    return Figures(
        name=name,
        requests=int(total[1]) if total else 0,
        failures=failures,
        p50=percentile("50"),
        p95=percentile("90"),
        p99=percentile("99"),
        rps=float(rate[1]) if rate else 0.0,
    )


# --- The stack -------------------------------------------------------------------------------------


def _api(host: str, method: str, path: str, body: Any = None, token: str = "") -> tuple[int, Any]:
    request = urllib.request.Request(
        f"{host}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            content = response.read()
            return response.status, json.loads(content) if content else None
    except urllib.error.HTTPError as exc:
        return exc.code, None


class Stack:
    """The embedded servers, the web server and the worker, started and stopped together."""

    def __init__(self, *, workdir: Path, gunicorn_args: list[str]) -> None:
        self.workdir = workdir
        self.gunicorn_args = gunicorn_args
        self.services: list[embedded.RunningService] = []
        self.app: list[subprocess.Popen[bytes]] = []
        self.host = ""
        self.env: dict[str, str] = {}

    def start_services(self) -> float:
        """Databases and cache, then ``prepare``; returns how long preparing took."""
        self.services.append(
            embedded.start_mongodb(
                storage_path=str(self.workdir / "mongodb"), db_name="interviewprep", log_file=self.log("mongodb")
            )
        )
        self.services.append(embedded.start_redis(data_dir=None, log_file=self.log("redis")))
        self.env = {
            **os.environ,
            **BENCHMARK_ENV,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "PYTHONPATH": str(BASE_DIR),
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBUG": "false",
            "MONGODB_URI": self.services[0].url,
            "REDIS_URL": self.services[1].url,
            "BILLING_DATABASE_URL": f"sqlite:///{self.workdir / 'billing.sqlite3'}",
            "VAR_DIR": str(self.workdir),
            "MEDIA_ROOT": str(self.workdir / "media"),
            # Plain HTTP on loopback: no TLS proxy in front to redirect to.
            "SECURE_SSL_REDIRECT": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "AI_PROVIDER": "benchmarks.providers.SlowOfflineProvider",
        }
        started = time.monotonic()
        # Tables from the models (see benchmarks/settings.py), then what `make run` seeds.
        for command in (["migrate", "--run-syncdb"], ["migrate", "--run-syncdb", "--database", "billing"], ["prepare"]):
            self.manage(*command)
        return time.monotonic() - started

    def manage(self, *arguments: str) -> None:
        with open(self.log("prepare"), "ab") as log:
            subprocess.run(
                [sys.executable, "manage.py", *arguments],
                cwd=BASE_DIR,
                env=self.env,
                check=True,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=embedded._die_with_parent,
            )

    def log(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    def start_app(self, *, ai_delay: float = 0.0) -> None:
        """gunicorn (the production config) and a Celery worker, with the AI slowed by ``ai_delay`` seconds."""
        port = embedded.free_port()
        env = {**self.env, "BENCHMARK_AI_DELAY_SECONDS": str(ai_delay)}
        with open(self.log("web"), "ab") as web_log, open(self.log("worker"), "ab") as worker_log:
            web = embedded.spawn(
                [sys.executable, "-m", "gunicorn", "interviewprep.wsgi", "-c", "operations/gunicorn_conf.py",
                 "--bind", f"127.0.0.1:{port}", *self.gunicorn_args],
                cwd=BASE_DIR, env=env, stdout=web_log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            # Threads, as `make run` does: no forked pool children to leave behind.
            worker = embedded.spawn(
                [sys.executable, "-m", "celery", "-A", "interviewprep", "worker", "--pool", "threads",
                 "--concurrency", "4", "--loglevel", "WARNING"],
                cwd=BASE_DIR, env=env, stdout=worker_log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.app = [web, worker]
        embedded.wait_for_port(port, process=web, name="gunicorn")
        self.host = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while _api(self.host, "GET", "/api/v1/health/")[0] != 200:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the web server is not healthy; see {self.log('web')}")
            time.sleep(0.2)

    def stop_app(self) -> None:
        embedded.stop(self.app)
        self.app = []

    def stop(self) -> None:
        self.stop_app()
        embedded.stop([service.process for service in self.services])


@contextmanager
def running_stack(*, gunicorn_args: list[str], keep: bool) -> Iterator[tuple[Stack, float]]:
    workdir = Path(tempfile.mkdtemp(prefix="interviewprep-load-"))
    stack = Stack(workdir=workdir, gunicorn_args=gunicorn_args)
    try:
        prepare_seconds = stack.start_services()
        stack.start_app()
        yield stack, prepare_seconds
    finally:
        stack.stop()
        if keep:
            print(f"Logs and data kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def signed_in(host: str, *, prefix: str) -> str:
    """A new user's access token."""
    email = f"{prefix}-{uuid.uuid4().hex[:12]}@example.com"
    _api(host, "POST", "/api/v1/auth/register/", {"email": email, "password": PASSWORD, "name": prefix.title()})
    return str(_api(host, "POST", "/api/v1/auth/login/", {"email": email, "password": PASSWORD})[1]["access"])


def worker_drained(broker_url: str, *, timeout: float = 180) -> None:
    """Wait until the worker has nothing queued or in hand (acks are late, so a task being run stays in
    kombu's ``unacked`` hash): a submission phase must not share the cores with the last one's evaluations."""
    broker = redis.Redis.from_url(broker_url)
    deadline = time.monotonic() + timeout
    while broker.llen("celery") or _tasks_in_hand(broker):
        if time.monotonic() > deadline:
            print(f"the worker still had tasks after {timeout:.0f} s; the next phase shares the machine with them")
            return
        time.sleep(0.5)


def _tasks_in_hand(broker: redis.Redis) -> int:
    """Unacknowledged tasks the worker is running now: a retry waiting for its countdown also sits in
    ``unacked`` but takes no CPU until its ETA, and waiting for it would only stall the benchmark."""
    now = datetime.now(UTC)
    in_hand = 0
    for raw in broker.hvals("unacked"):
        eta = json.loads(raw)[0].get("headers", {}).get("eta")
        in_hand += eta is None or datetime.fromisoformat(eta).replace(tzinfo=UTC) <= now
    return in_hand


def finished_interviews(host: str, *, count: int) -> tuple[str, str]:
    """A user with ``count`` finished interviews: their token and one interview id."""
    token = signed_in(host, prefix="reference")
    interview_id = ""
    for _ in range(count):
        interview = _api(host, "POST", "/api/v1/interviews/", {"type": "technical", "level": "junior"}, token)[1]
        interview_id = interview["id"]
        for question in interview["questions"]:
            body = {"question_id": question["id"], "text": ANSWER_TEXT}
            _api(host, "POST", f"/api/v1/interviews/{interview_id}/answers/", body, token)
        _api(host, "POST", f"/api/v1/interviews/{interview_id}/complete/", None, token)
    deadline = time.monotonic() + 300  # after the user mix, the worker has a backlog to clear first
    while _api(host, "GET", f"/api/v1/interviews/{interview_id}/result/", token=token)[0] != 200:
        if time.monotonic() > deadline:
            raise RuntimeError("the worker did not finish evaluating the reference interviews")
        time.sleep(0.5)
    return token, interview_id


# --- Reporting --------------------------------------------------------------------------------------


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    )  # fmt: skip
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass(frozen=True)
class Isolated:
    name: str
    path: str
    reference: str = ""
    target: float = 0.8  # of the reference's throughput


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short phases and fewer users: a smoke run")
    parser.add_argument("--max-requests", type=int, default=100_000, help="request cap per phase")
    parser.add_argument("--gunicorn-args", default="", help='extra gunicorn options, e.g. "-k sync -w 5"')
    parser.add_argument("--keep", action="store_true", help="keep the logs and data directory")
    args = parser.parse_args()
    wrk_path()  # before minutes of setup
    levels, level_seconds = ([5, 10], 10.0) if args.quick else ([25, 50, 100], 20.0)
    isolated_users, isolated_seconds = (10, 3.0) if args.quick else (20, 10.0)
    answer_users, answer_seconds = (5, 5.0) if args.quick else (20, 15.0)
    phase: Callable[..., dict[str, Figures]] = lambda user_class, **kw: run_phase(  # noqa: E731
        user_class, host=stack.host, max_requests=args.max_requests, **kw
    )
    load_before = load_average()
    out: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        out.append(text)

    with running_stack(gunicorn_args=shlex.split(args.gunicorn_args), keep=args.keep) as (stack, prepare_seconds):
        print(f"Stack up on {stack.host} (prepare took {prepare_seconds:.0f} s); logs in {stack.workdir}", flush=True)

        mixed: dict[int, dict[str, Figures]] = {}
        for users in levels:
            print(f"User mix at {users} users for {level_seconds:.0f} s...", flush=True)
            mixed[users] = phase(ApiUser, users=users, seconds=level_seconds, count_sign_up=True)

        token, interview_id = finished_interviews(stack.host, count=5)
        endpoints = [
            Isolated("questions list", "/api/v1/questions/?type=technical&level=junior",
                     "/bench/ref/questions/?type=technical&level=junior", target=2.0),
            Isolated("interview history", "/api/v1/interviews/", "/bench/ref/interviews/"),
            Isolated("finished result", f"/api/v1/interviews/{interview_id}/result/",
                     f"/bench/ref/interviews/{interview_id}/result/", target=2.0),
            Isolated("plans", "/api/v1/billing/plans/", "/bench/ref/plans/", target=2.0),
            Isolated("question detail", ""),
            Isolated("stats", "/api/v1/users/me/stats/"),
        ]  # fmt: skip
        question_id = _api(stack.host, "GET", "/api/v1/questions/", token=token)[1]["results"][0]["id"]
        endpoints[4] = Isolated("question detail", f"/api/v1/questions/{question_id}/")

        def throughput(name: str, path: str) -> Figures:
            print(f"{name} alone: {isolated_users} users for {isolated_seconds:.0f} s...", flush=True)
            return phase(_get_user(path, name, token), users=isolated_users, seconds=isolated_seconds).get(name, NONE)

        def each_read(
            measure: Callable[[str, str], Figures],
        ) -> tuple[Figures, dict[str, tuple[Figures, Figures | None]]]:
            """The health ceiling, then every read alone and its reference."""
            ceiling = measure("health", "/api/v1/health/")
            return ceiling, {
                endpoint.name: (
                    measure(endpoint.name, endpoint.path),
                    measure(f"{endpoint.name} (reference)", endpoint.reference) if endpoint.reference else None,
                )
                for endpoint in endpoints
            }

        health, isolated = each_read(throughput)

        def wrk(name: str, path: str) -> Figures:
            print(f"{name} alone under wrk: {isolated_users} connections for {isolated_seconds:.0f} s...", flush=True)
            return wrk_phase(
                host=stack.host, path=path, name=name, token=token, connections=isolated_users, seconds=isolated_seconds
            )

        wrk_health, wrk_isolated = each_read(wrk)

        print(f"Answer submission, instant provider: {answer_users} users for {answer_seconds:.0f} s...", flush=True)
        answerers = [signed_in(stack.host, prefix="answerer") for _ in range(answer_users)]
        worker_drained(stack.env["REDIS_URL"])
        instant = phase(_answer_user(answerers), users=answer_users, seconds=answer_seconds).get("answer submit", NONE)
        print(f"Answer submission, reference view: {answer_users} users for {answer_seconds:.0f} s...", flush=True)
        answerers = [signed_in(stack.host, prefix="answerer") for _ in range(answer_users)]
        worker_drained(stack.env["REDIS_URL"])
        floor = phase(_answer_user(answerers, reference=True), users=answer_users, seconds=answer_seconds).get(
            "answer submit (reference)", NONE
        )
        worker_drained(stack.env["REDIS_URL"])  # with the instant provider: the slowed one would take minutes
        stack.stop_app()
        stack.start_app(ai_delay=2.0)
        print(
            f"Answer submission, provider slowed to 2 s: {answer_users} users for {answer_seconds:.0f} s...", flush=True
        )
        answerers = [signed_in(stack.host, prefix="answerer") for _ in range(answer_users)]
        slow = phase(_answer_user(answerers), users=answer_users, seconds=answer_seconds).get("answer submit", NONE)

    say()
    say(f"Machine: {machine()}")
    say(f"Load average (1/5/15 min): {load_before} before, {load_average()} after")
    say(
        f"Server: gunicorn ({' '.join(['operations/gunicorn_conf.py', args.gunicorn_args]).strip()}), "
        "a Celery worker (4 threads), embedded MongoDB (SecantusDB) and Redis on loopback, "
        "benchmarks.settings = production settings with DEBUG off, SECURE_SSL_REDIRECT=false "
        "and the reference routes; offline AI provider. Rate limits and the free weekly allowance "
        "are raised out of reach (BENCHMARK_ENV), so this measures the server, not the limiter. "
        "locust runs on the same machine."
    )
    say()
    say(f"User mix ({level_seconds:.0f} s per level, 0.5-1.5 s think time); latencies in ms")
    say()
    rows = []
    for users, figures in mixed.items():
        for item in sorted(figures.values(), key=lambda f: f.name):
            rows.append(
                [users, item.name, item.requests, f"{item.p50:.0f}", f"{item.p95:.0f}", f"{item.p99:.0f}",
                 f"{item.error_rate:.1f}%"]
            )  # fmt: skip
        total = sum(item.rps for item in figures.values())
        rows.append([users, "**all**", sum(f.requests for f in figures.values()), "", "", "", f"{total:.0f} req/s"])
    say(table(["users", "endpoint", "requests", "p50", "p95", "p99", "errors"], rows))
    say()
    say(
        f"Throughput alone ({isolated_users} users or connections, {isolated_seconds:.0f} s each, no think time), "
        f"under locust and under wrk (compiled, 2 threads: it leaves the server the CPU locust's Python takes; "
        f"it prints 50/75/90/99%, so its p90 stands in for p95). Ceiling: /api/v1/health/ at {health.rps:.0f} "
        f"req/s under locust, {wrk_health.rps:.0f} under wrk."
    )
    say()
    rows = []
    for endpoint in endpoints:
        api, reference = isolated[endpoint.name]
        fast, fast_reference = wrk_isolated[endpoint.name]
        versus = f"{api.rps / reference.rps:.2f}" if reference else "-"
        met = ("yes" if api.rps / reference.rps >= endpoint.target else "**no**") if reference else "-"
        fast_versus = f"{fast.rps / fast_reference.rps:.2f}" if fast_reference and fast_reference.rps else "-"
        rows.append(
            [endpoint.name, f"{api.rps:.0f}", f"{api.rps / health.rps:.2f}", f"{api.p50:.0f}",
             f"{reference.rps:.0f}" if reference else "-", versus, f">= {endpoint.target}" if reference else "-", met,
             f"{fast.rps:.0f}", f"{fast.rps / wrk_health.rps:.2f}", f"{fast.p50:.0f} / {fast.p95:.0f}",
             f"{fast_reference.rps:.0f}" if fast_reference else "-", fast_versus,
             f"{max(api.error_rate, fast.error_rate):.1f}%"]
        )  # fmt: skip
    say(
        table(
            ["endpoint", "req/s", "x health", "p50 ms", "reference req/s", "x reference", "target", "met",
             "wrk req/s", "wrk x health", "wrk p50 / p90 ms", "wrk reference req/s", "wrk x reference", "errors"],
            rows,
        )
    )  # fmt: skip
    say()
    ratio = slow.p95 / instant.p95 if instant.p95 else float("inf")
    say(f"Answer submission ({answer_users} users, {answer_seconds:.0f} s, no think time): evaluation is asynchronous")
    say()
    say(
        table(
            ["AI provider", "answers", "p50 ms", "p95 ms", "errors"],
            [
                ["instant", instant.requests, f"{instant.p50:.0f}", f"{instant.p95:.0f}", f"{instant.error_rate:.1f}%"],
                [
                    "reference view (pymongo insert + task publish)",
                    floor.requests,
                    f"{floor.p50:.0f}",
                    f"{floor.p95:.0f}",
                    f"{floor.error_rate:.1f}%",
                ],
                ["2 s per call", slow.requests, f"{slow.p50:.0f}", f"{slow.p95:.0f}", f"{slow.error_rate:.1f}%"],
            ],
        )
    )
    say()
    say(f"p95 slow / instant: {ratio:.2f} (target <= 1.2: {'met' if ratio <= 1.2 else 'NOT met'})")
    submit_ratio = instant.rps / floor.rps if floor.rps else float("nan")
    say(
        f"Submit throughput {instant.rps:.1f}/s against the reference's {floor.rps:.1f}/s: {submit_ratio:.2f} "
        f"(target >= 0.5: {'met' if submit_ratio >= 0.5 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
