"""The production shape, end to end (tests/production/stack.py starts it, flow.py drives it over
HTTP): production settings, gunicorn, a worker sharing no disk with the web server, MongoDB and
Redis by URL, PostgreSQL for billing, S3 for media, SMTP for email. It fails when static files
are not served, when uploads are not on shared storage, or when the worker cannot read them."""

from __future__ import annotations

import subprocess
import sys

import psycopg
import pytest

from tests.production import flow
from tests.production.stack import ADMIN_EMAIL, ADMIN_PASSWORD, ROOT, production_stack, tail

pytestmark = pytest.mark.slow


def test_a_user_and_a_staff_member_get_through_a_production_deployment():
    with production_stack() as stack:
        try:
            outcome = flow.run(
                base_url=stack.base_url,
                admin_email=ADMIN_EMAIL,
                admin_password=ADMIN_PASSWORD,
                verification_link=stack.mailbox.text_to,
                behind_tls_proxy=True,
                send_transcript=False,
            )
        except AssertionError as failure:
            raise AssertionError(
                f"{failure}\n--- web ---\n{tail(stack.web_log)}\n--- worker ---\n{tail(stack.worker_log)}"
            ) from failure

        # The image's HEALTHCHECK finds the web server ready.
        healthcheck = subprocess.run([sys.executable, "-m", "operations.healthcheck"], cwd=ROOT, env=stack.web_env)
        assert healthcheck.returncode == 0
        # The release step applied the real migrations, dj-stripe's included, to PostgreSQL.
        with psycopg.connect(stack.web_env["BILLING_DATABASE_URL"]) as billing:
            applied = billing.execute("SELECT count(*) FROM django_migrations WHERE app = 'djstripe'").fetchone()
            assert applied is not None and applied[0] > 0
        # The worker transcribed the very bytes the web server stored: it read them from the bucket.
        uploads = [r.body["file"] for r in stack.openai.requests if r.endpoint == "transcription"]
        assert [upload["size"] for upload in uploads] == [len(flow.RECORDING)]
        assert outcome.answer["transcript"] == flow.TRANSCRIPT
        assert outcome.resume["analysis"]["skills"]
        # Erasure removed the account's recording and resume from the bucket.
        assert stack.s3.keys(stack.bucket) == []
