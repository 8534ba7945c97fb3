"""A local S3-compatible server (moto's server mode) for tests of the S3 media storage.

It speaks the real S3 REST protocol over HTTP, so boto3 and django-storages run unpatched: the
``s3_server`` fixture starts one per test process, ``s3_media`` points the default storage at a
fresh private bucket through the production settings module (interviewprep/settings/storage.py).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from operations.embedded import free_port, spawn, stop, wait_for_port

REGION = "us-east-1"
# moto accepts any credentials; boto3 refuses to sign without some.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test-access-key", "AWS_SECRET_ACCESS_KEY": "test-secret-key"}


@dataclass
class S3Server:
    endpoint_url: str
    process: subprocess.Popen[bytes]

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def create_bucket(self) -> str:
        name = f"media-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def environment(self, bucket: str) -> dict[str, str]:
        """What a production process needs to store its media in ``bucket`` on this server."""
        return {
            **CREDENTIALS,
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_REGION_NAME": REGION,
        }


def start_s3_server() -> S3Server:
    port = free_port()
    process = spawn(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, process=process, name="moto S3 server")
    return S3Server(f"http://127.0.0.1:{port}", process)


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    server = start_s3_server()
    yield server
    stop([server.process])


@dataclass
class S3Media:
    server: S3Server
    bucket: str

    def keys(self) -> list[str]:
        return self.server.keys(self.bucket)


@pytest.fixture
def s3_media(s3_server: S3Server, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[S3Media]:
    """Uploads go to a fresh bucket, configured exactly as production reads its environment."""
    from interviewprep.settings import storage

    bucket = s3_server.create_bucket()
    for name, value in s3_server.environment(bucket).items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": importlib.reload(storage).STORAGES["default"]}
    yield S3Media(s3_server, bucket)
    monkeypatch.undo()
    importlib.reload(storage)
