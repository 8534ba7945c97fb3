"""Operator backups: a whole system survives backup, wipe and restore; restore
refuses damaged archives and occupied targets before it touches anything.

The billing test database is SQLite ``:memory:``, so it is wiped and restored
in place through this process's own connection rather than into a second
database; the commands run in-process for the same reason.
"""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path
from typing import Any

import pytest
from bson.codec_options import CodecOptions
from bson.raw_bson import RawBSONDocument
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connections
from rest_framework.test import APIClient

from accounts.models import User
from billing.models import BillingAccount, Plan
from billing.services import billing_account_sync, plans_seed, premium_grant
from conftest import PASSWORD, make_user
from kernel.routers import BILLING_DB, MAIN_DB, billing_database_models
from support.models import Ticket
from support.services import ticket_create, ticket_reply_create
from tests.coaching.documents import RESUME_TEXT
from tests.interviews.conftest import AUDIO_HEADERS, GOOD_ANSWER, start

pytestmark = pytest.mark.django_db

RAW = CodecOptions(document_class=RawBSONDocument)
AUDIO = AUDIO_HEADERS["ogg"] + bytes(range(256))


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def populated(media: Path, auth_client: APIClient, user: User, staff_user: User, bank: list[Any]) -> None:
    """Users, the question bank, a premium grant (plans and a billing account in
    the billing database), an evaluated interview with an audio answer, a resume
    and a support ticket with a staff reply."""
    plans_seed()
    billing_account_sync(user=user)
    premium_grant(user=user, days=30, granted_by=staff_user.email, reason="beta tester")
    interview = start(auth_client, question_count=2).json()
    for index, question in enumerate(interview["questions"]):
        body: dict[str, Any] = {"question_id": question["id"], "transcript": GOOD_ANSWER}
        if index == 0:
            body["audio"] = SimpleUploadedFile("answer.ogg", AUDIO, content_type="audio/ogg")
        else:
            body["text"] = GOOD_ANSWER
        response = auth_client.post(f"/api/v1/interviews/{interview['id']}/answers/", body, format="multipart")
        assert response.status_code == 201, response.json()
    assert auth_client.post(f"/api/v1/interviews/{interview['id']}/complete/").status_code == 202
    resume = SimpleUploadedFile("cv.txt", RESUME_TEXT.encode(), content_type="text/plain")
    assert auth_client.post("/api/v1/resume/", {"file": resume}, format="multipart").status_code == 201
    ticket = ticket_create(user=user, subject="Invoice address", message="Please change it.")
    ticket_reply_create(ticket=ticket, author=staff_user, body="Done.", is_staff=True)


def _mongodb() -> Any:
    connection: Any = connections[MAIN_DB]
    return connection.get_database()


def _documents() -> dict[str, list[RawBSONDocument]]:
    """Every collection, document for document, byte for byte."""
    db = _mongodb()
    return {
        name: list(db.get_collection(name, codec_options=RAW).find().sort("_id", 1))
        for name in sorted(db.list_collection_names())
    }


def _indexes() -> dict[str, list[dict[str, Any]]]:
    db = _mongodb()
    return {name: sorted(db[name].list_indexes(), key=lambda spec: spec["name"]) for name in db.list_collection_names()}


def _billing_rows() -> dict[str, list[dict[str, Any]]]:
    return {
        model._meta.label: list(model._base_manager.using(BILLING_DB).order_by("pk").values())
        for model in billing_database_models()
    }


def _files(media: Path) -> dict[str, bytes]:
    return {path.relative_to(media).as_posix(): path.read_bytes() for path in media.rglob("*") if path.is_file()}


def _wipe(media: Path) -> None:
    db = _mongodb()
    for name in db.list_collection_names():
        db.drop_collection(name)
    call_command("flush", database=BILLING_DB, interactive=False, inhibit_post_migrate=True, verbosity=0)
    shutil.rmtree(media)


def test_a_whole_system_comes_back_from_a_backup(populated: None, media: Path, tmp_path: Path) -> None:
    documents, indexes, rows, files = _documents(), _indexes(), _billing_rows(), _files(media)
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=archive, verbosity=0)
    _wipe(media)
    call_command("restore", archive, verbosity=0)

    assert rows["billing.Plan"] and rows["billing.BillingAccount"] and rows["billing.PremiumGrant"]
    assert {"answers", "resumes"} == {name.split("/")[0] for name in files}
    assert _documents() == documents
    assert _indexes() == indexes
    assert _billing_rows() == rows
    assert _files(media) == files
    login = APIClient().post("/api/v1/auth/login/", {"email": "ada@example.com", "password": PASSWORD}, format="json")
    assert login.status_code == 200
    with pytest.raises(IntegrityError):  # the unique index on email is back
        make_user("ada@example.com")


def test_a_damaged_archive_is_refused_before_anything_changes(user: User, media: Path, tmp_path: Path) -> None:
    ticket_create(user=user, subject="Backed up", message="Before the backup.")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, verbosity=0)
    ticket_create(user=user, subject="Newer", message="After the backup.")
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    with open(unpacked / "billing.xml", "a") as fixture:
        fixture.write(" ")
    with tarfile.open(archive, "w:gz") as tar:
        for entry in unpacked.iterdir():
            tar.add(entry, arcname=entry.name)

    with pytest.raises(CommandError, match=r"checksum mismatch\): billing.xml"):
        call_command("restore", archive, replace=True, verbosity=0)

    assert set(Ticket.objects.values_list("subject", flat=True)) == {"Backed up", "Newer"}


def test_restore_over_existing_data_needs_replace_and_then_returns_to_the_backup(
    user: User, media: Path, tmp_path: Path
) -> None:
    plans_seed()
    ticket_create(user=user, subject="Backed up", message="Before the backup.")
    default_storage.save("notes/a.txt", ContentFile(b"backed up"))
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, verbosity=0)
    ticket_create(user=user, subject="Newer", message="After the backup.")
    billing_account_sync(user=user)
    default_storage.delete("notes/a.txt")
    default_storage.save("notes/a.txt", ContentFile(b"overwritten"))

    with pytest.raises(CommandError, match="already holds data .*; pass --replace"):
        call_command("restore", archive, verbosity=0)
    assert Ticket.objects.count() == 2

    call_command("restore", archive, replace=True, verbosity=0)

    assert list(Ticket.objects.values_list("subject", flat=True)) == ["Backed up"]
    assert not BillingAccount.objects.exists()
    assert Plan.objects.exists()
    assert _files(media) == {"notes/a.txt": b"backed up"}
