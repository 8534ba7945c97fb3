"""The production shape on loopback, for test_smoke.py: every process the way a deployment runs it,
with throwaway servers behind the URLs.

- MongoDB (SecantusDB) and Redis, reached by URL only;
- PostgreSQL for billing (tests/postgres.py); S3 for media (moto's server mode);
- an SMTP server (aiosmtpd) that keeps what it receives; the fake OpenAI API for transcription;
- the one-shot release steps: ``collectstatic`` (the image build) and ``prepare`` (compose's
  ``migrate`` service: real migrations on both databases, reference data) and a staff login;
- gunicorn with operations/gunicorn_conf.py on ``interviewprep.settings.production``;
- a Celery worker started in another working directory with its own VAR_DIR: it shares no disk
  with the web server, only the URLs.

Everything started is stopped on exit (and dies with the test process, see embedded.spawn).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from operations import embedded
from tests.fakes.openai_server import FakeOpenAIServer, transcript
from tests.fakes.s3_server import S3Server, start_s3_server
from tests.postgres import start_postgres
from tests.production.flow import TRANSCRIPT

ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = "ops@example.com"
ADMIN_PASSWORD = secrets.token_urlsafe(16)


class Mailbox:
    """An aiosmtpd handler keeping every message delivered to it."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"

    def text_to(self, address: str, *, timeout: float = 60.0) -> str:
        """The plain-text body of the first message for ``address``, once it arrives."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                found = [message for recipients, message in self.messages if address in recipients]
            if found:
                for part in found[0].walk():
                    if part.get_content_type() == "text/plain":
                        payload = part.get_payload(decode=True)
                        return payload.decode() if isinstance(payload, bytes) else str(payload)
            time.sleep(0.3)
        raise AssertionError(f"no email reached {address} within {timeout:.0f}s")


@dataclass
class Stack:
    base_url: str
    mailbox: Mailbox
    openai: FakeOpenAIServer
    s3: S3Server
    bucket: str
    web_env: dict[str, str]
    web_log: Path
    worker_log: Path


def _manage(*commands: list[str], env: dict[str, str]) -> None:
    """Run ``manage.py`` commands side by side (they are independent); on any failure, stop them all."""
    running = [
        embedded.spawn(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for args in commands
    ]
    try:
        for args, process in zip(commands, running, strict=True):
            # dj-stripe's migration history is minutes of CPU on a busy two-core machine.
            stdout, stderr = process.communicate(timeout=1200)
            if process.returncode != 0:
                output = (stdout + stderr).decode(errors="replace")[-6000:]
                raise AssertionError(f"manage.py {args[0]} failed:\n{output}")
    finally:
        embedded.stop(running)


def tail(path: Path) -> str:
    return path.read_text(errors="replace")[-4000:] if path.exists() else ""


@contextmanager
def production_stack() -> Iterator[Stack]:
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="interviewprep-production-")))
        processes: list[Any] = []
        stack.callback(embedded.stop, processes)

        mongodb = embedded.start_mongodb(storage_path=":memory:", db_name="interviewprep")
        processes.append(mongodb.process)
        redis = embedded.start_redis(data_dir=None)
        processes.append(redis.process)
        postgres = start_postgres()
        stack.callback(postgres.close)
        s3 = start_s3_server()
        processes.append(s3.process)
        bucket = s3.create_bucket()
        mailbox = Mailbox()
        smtp = Controller(mailbox, hostname="127.0.0.1", port=embedded.free_port(), loop=asyncio.new_event_loop())
        smtp.start()
        stack.callback(smtp.stop)
        openai = stack.enter_context(FakeOpenAIServer())
        openai.default_transcription = lambda fields: transcript(TRANSCRIPT)

        port = embedded.free_port()
        shared = {
            "PATH": os.environ["PATH"],
            "HOME": str(workdir),
            "LANG": "C.UTF-8",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "interviewprep.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1",
            "MONGODB_URI": mongodb.url,
            "REDIS_URL": redis.url,
            "BILLING_DATABASE_URL": postgres.create_database(),
            **s3.environment(bucket),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "FRONTEND_URL": "https://app.example.com",
            "AI_PROVIDER": "tests.production.provider.OfflineProviderWithTranscription",
            "OPENAI_API_KEY": "sk-smoke",
            "OPENAI_BASE_URL": openai.base_url,
        }
        web_env = {**shared, "VAR_DIR": str(workdir / "web"), "PORT": str(port), "WEB_CONCURRENCY": "1"}
        worker_dir = workdir / "worker"
        worker_dir.mkdir()
        worker_env = {**shared, "VAR_DIR": str(worker_dir / "var")}

        # The image build and compose's one-shot migrate service (whose `prepare` finds the migrations,
        # applied side by side here to save a minute, done and seeds the reference data), then a staff login.
        _manage(
            ["collectstatic", "--noinput"],
            ["migrate", "--database", "default", "--noinput"],
            ["migrate", "--database", "billing", "--noinput"],
            env=web_env,
        )
        _manage(["prepare"], env=web_env)
        _manage(
            ["createsuperuser", "--noinput", "--email", ADMIN_EMAIL, "--name", "Ops"],
            env={**web_env, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD},
        )

        web_log, worker_log = workdir / "web.log", workdir / "worker.log"
        processes.append(
            embedded.spawn(
                [sys.executable, "-m", "gunicorn", "interviewprep.wsgi", "-c", "operations/gunicorn_conf.py"],
                cwd=ROOT,
                env=web_env,
                stdout=stack.enter_context(open(web_log, "wb")),
                stderr=subprocess.STDOUT,
            )
        )
        processes.append(
            embedded.spawn(
                [sys.executable, "-m", "celery", "-A", "interviewprep", "worker", "--pool", "threads", "-c", "2"],
                cwd=worker_dir,
                env=worker_env,
                stdout=stack.enter_context(open(worker_log, "wb")),
                stderr=subprocess.STDOUT,
            )
        )
        embedded.wait_for_port(port, process=processes[-2], name="gunicorn", timeout=60)
        yield Stack(f"http://127.0.0.1:{port}", mailbox, openai, s3, bucket, web_env, web_log, worker_log)
