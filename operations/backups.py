"""Operator backups: every MongoDB collection (raw BSON, with its options and
indexes), the relational billing database (Django's serialization, so SQLite and
PostgreSQL alike) and the stored files (through the storage API, so local disk
and S3 alike), in one ``.tar.gz`` whose ``manifest.json`` carries counts and
SHA-256 checksums.

Restore validates the whole archive and the target before it changes anything.
It is not atomic across the three stores: if it fails midway, fix the cause and
run it again with ``replace=True``.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import shutil
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import bson
from bson import json_util
from bson.codec_options import CodecOptions
from bson.raw_bson import RawBSONDocument
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone

from kernel.routers import BILLING_DB, MAIN_DB, billing_database_models

FORMAT = 1
MANIFEST = "manifest.json"
MONGODB_DIR = "mongodb"
# XML, not JSON: Django's JSON encoder cuts datetimes to milliseconds, while
# the XML serializer writes every field's full value.
BILLING_FIXTURE = "billing.xml"
FILES_DIR = "files"
# Documents stay as the server's bytes end to end: no type (int32/int64,
# Decimal128, UUID subtype, field order) is reinterpreted on the way through.
RAW = CodecOptions(document_class=RawBSONDocument)
INSERT_BATCH = 1000


class BackupError(Exception):
    """The archive is damaged or incomplete, or the target cannot take it."""


def backup_create(*, output: Path) -> tuple[Path, dict[str, Any]]:
    """Write a backup to ``output`` (a ``.tar.gz`` path, or an existing directory
    to get a timestamped archive in it) and return its path and manifest. The
    archive is written beside its final name and renamed once complete, so an
    interrupted run never leaves something that looks like a backup."""
    created_at = timezone.now()
    if output.is_dir():
        output = output / f"interviewprep-{created_at:%Y%m%dT%H%M%SZ}.tar.gz"
    with tempfile.TemporaryDirectory() as staging:
        root = Path(staging)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": created_at.isoformat(),
            "mongodb": _mongodb_dump(root / MONGODB_DIR),
            "billing": _billing_dump(root / BILLING_FIXTURE),
            "files": _files_dump(root / FILES_DIR),
        }
        manifest["checksums"] = _checksums(root)
        (root / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = output.with_name(f"{output.name}.partial")
        with tarfile.open(partial, "w:gz") as archive:
            for entry in sorted(root.iterdir()):
                archive.add(entry, arcname=entry.name)
        partial.replace(output)
    return output, manifest


def backup_restore(*, archive: Path, replace: bool = False) -> dict[str, Any]:
    """Restore ``archive`` into the configured databases and storage and return
    its manifest. Refuses a damaged archive, a billing database without its
    tables, and (unless ``replace``) a target that already holds data, all
    before anything is written."""
    with tempfile.TemporaryDirectory() as staging:
        root = Path(staging)
        manifest = _archive_extract(archive=archive, into=root)
        _billing_schema_check()
        if not replace and (occupied := _occupied_stores()):
            raise BackupError(f"the target already holds data ({', '.join(occupied)}); pass --replace to overwrite it")
        _billing_restore(root / BILLING_FIXTURE)
        _mongodb_restore(root / MONGODB_DIR, collections=manifest["mongodb"]["collections"])
        _files_restore(root, members=manifest["checksums"])
    return manifest


def manifest_summary(manifest: dict[str, Any]) -> str:
    collections = manifest["mongodb"]["collections"]
    documents = sum(counts["documents"] for counts in collections.values())
    rows = sum(manifest["billing"]["rows"].values())
    files = manifest["files"]
    return (
        f"{len(collections)} collections ({documents} documents), {rows} billing rows, "
        f"{files['count']} files ({files['bytes']} bytes), taken {manifest['created_at']}"
    )


# --- MongoDB ------------------------------------------------------------------------


def _mongodb() -> Any:
    """The plain pymongo database. ``get_database()`` wraps it in a query
    logger when DEBUG is on, which for a bulk copy would keep a repr of every
    batch in memory (and lacks item access)."""
    connection: Any = connections[MAIN_DB]
    return connection.database


def _collections(db: Any) -> list[dict[str, Any]]:
    """The database's collections, without MongoDB's own ``system.*`` ones.
    Views hold no data of their own and the project defines none."""
    return [
        info
        for info in db.list_collections()
        if info.get("type", "collection") == "collection" and not info["name"].startswith("system.")
    ]


def _mongodb_dump(directory: Path) -> dict[str, Any]:
    directory.mkdir()
    db = _mongodb()
    counts: dict[str, dict[str, int]] = {}
    for info in sorted(_collections(db), key=lambda info: info["name"]):
        name = info["name"]
        documents = 0
        with open(directory / f"{name}.bson", "wb") as dump:
            for document in db.get_collection(name, codec_options=RAW).find():
                dump.write(document.raw)
                documents += 1
        indexes = list(db[name].list_indexes())
        # Extended JSON keeps the BSON types of options and index specs (int64
        # TTLs, regexes in partial filters) for the restore.
        metadata = {"options": info.get("options", {}), "indexes": indexes}
        (directory / f"{name}.metadata.json").write_text(
            json_util.dumps(metadata, json_options=json_util.CANONICAL_JSON_OPTIONS)
        )
        counts[name] = {"documents": documents, "indexes": len(indexes)}
    return {"database": db.name, "collections": counts}


def _mongodb_restore(directory: Path, *, collections: dict[str, Any]) -> None:
    """Replace every collection of the target with the archived ones: data
    first, then the indexes (one build per index instead of per insert)."""
    db = _mongodb()
    for info in _collections(db):
        db.drop_collection(info["name"])
    for name in collections:
        metadata = json_util.loads((directory / f"{name}.metadata.json").read_text())
        collection = db.create_collection(name, **metadata["options"]).with_options(codec_options=RAW)
        with open(directory / f"{name}.bson", "rb") as dump:
            documents = bson.decode_file_iter(dump, codec_options=RAW)
            while batch := list(islice(documents, INSERT_BATCH)):
                collection.insert_many(batch, bypass_document_validation=True)
        # The server fills in the index version and namespace itself; _id_ comes with the collection.
        indexes = [
            {key: value for key, value in spec.items() if key not in ("v", "ns")}
            for spec in metadata["indexes"]
            if spec["name"] != "_id_"
        ]
        if indexes:
            db.command("createIndexes", name, indexes=indexes)


# --- Billing (relational) ----------------------------------------------------------------


def _billing_dump(path: Path) -> dict[str, Any]:
    # The base manager, so no custom manager can hide rows from the backup.
    call_command(
        "dumpdata",
        *(model._meta.label for model in billing_database_models()),
        database=BILLING_DB,
        format="xml",
        output=str(path),
        use_base_manager=True,
        verbosity=0,
    )
    rows = Counter(item.get("model") for item in ElementTree.parse(path).getroot().iter("object"))
    return {"vendor": connections[BILLING_DB].vendor, "rows": dict(sorted(rows.items()))}


def _billing_schema_check() -> None:
    introspection = connections[BILLING_DB].introspection
    missing = set(introspection.django_table_names()) - set(introspection.table_names())
    if missing:
        raise BackupError(
            f"the billing database lacks {len(missing)} tables (e.g. {min(missing)}); "
            "run `manage.py migrate --database billing` on it first"
        )


def _billing_restore(fixture: Path) -> None:
    """Empty the billing tables and load the archived rows in one transaction;
    loaddata resets PostgreSQL's sequences past the restored primary keys."""
    with transaction.atomic(using=BILLING_DB):
        call_command("flush", database=BILLING_DB, interactive=False, inhibit_post_migrate=True, verbosity=0)
        call_command("loaddata", str(fixture), database=BILLING_DB, verbosity=0)


# --- Stored files ----------------------------------------------------------------------


def _stored_names(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name in ``storage``, walked with the storage API (local disk and S3 alike)."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # local storage before the first upload: MEDIA_ROOT does not exist yet
        return
    for name in files:
        yield posixpath.join(directory, name)
    for subdirectory in directories:
        yield from _stored_names(storage, posixpath.join(directory, subdirectory))


def _files_dump(directory: Path) -> dict[str, int]:
    count = size = 0
    for name in _stored_names(default_storage):
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy)
        count += 1
        size += target.stat().st_size
    return {"count": count, "bytes": size}


def _files_restore(root: Path, *, members: Iterable[str]) -> None:
    """Write every archived file under its own name. Files the archive does not
    know are left alone: nothing restored refers to them, and a bucket may hold
    more than this application's uploads."""
    prefix = f"{FILES_DIR}/"
    for member in members:
        if not member.startswith(prefix):
            continue
        name = member.removeprefix(prefix)
        if default_storage.exists(name):  # only with replace: otherwise the storage was empty
            default_storage.delete(name)
        with open(root / member, "rb") as content:
            default_storage.save(name, File(content))


# --- Archive ---------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as content:
        for chunk in iter(lambda: content.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and path != root / MANIFEST
    }


def _archive_extract(*, archive: Path, into: Path) -> dict[str, Any]:
    """Unpack ``archive`` and prove every member matches the manifest (nothing
    missing, altered or added). Checksums catch corruption and accidental
    edits, not a deliberate forgery: keep archives where only operators write."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(into, filter="data")  # refuses absolute paths, "..", links out of the tree
        manifest: dict[str, Any] = json.loads((into / MANIFEST).read_text())
    except (OSError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"{archive} is not a readable backup archive: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} has backup format {manifest.get('format')!r}; this version reads {FORMAT}")
    expected, found = manifest["checksums"], _checksums(into)
    damaged = sorted(name for name in expected.keys() | found.keys() if expected.get(name) != found.get(name))
    if damaged:
        raise BackupError(f"{archive} does not match its manifest (checksum mismatch): {', '.join(damaged[:5])}")
    return manifest


def _occupied_stores() -> list[str]:
    """Which parts of the target hold data (an empty collection or an empty
    migrated billing table does not count)."""
    db = _mongodb()
    occupied = []
    if any(db[info["name"]].find_one({}, projection={"_id": 1}) is not None for info in _collections(db)):
        occupied.append(f"MongoDB database {db.name!r}")
    if any(model._base_manager.using(BILLING_DB).exists() for model in billing_database_models()):
        occupied.append("the billing database")
    if next(_stored_names(default_storage), None) is not None:
        occupied.append("the file storage")
    return occupied
