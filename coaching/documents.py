"""Recognising resume uploads by their bytes and extracting their text.

A file's name and declared type are the client's claim; the first bytes decide. Parsing untrusted
documents can fail in many ways inside pypdf and python-docx, so every failure becomes a clear 400.
"""

from __future__ import annotations

import io
import logging
import zipfile

import docx
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from coaching.models import Resume
from kernel.errors import PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from kernel.polyglots import MixedFormatFile, embedded_formats

logger = logging.getLogger(__name__)

MAX_RESUME_BYTES = 5 * 1024 * 1024
MAX_PDF_PAGES = 30
MAX_TEXT_CHARS = 100_000
# python-docx holds every part of the archive in memory: a few kilobytes of zip can declare gigabytes.
MAX_DOCX_UNPACKED_BYTES = 5 * MAX_RESUME_BYTES
CONTENT_TYPES = {
    Resume.Format.PDF: "application/pdf",
    Resume.Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Resume.Format.TXT: "text/plain",
}
# The container each format legitimately is, which embedded_formats() then finds in it.
_CONTAINERS: dict[str, str] = {Resume.Format.PDF: "pdf", Resume.Format.DOCX: "zip"}


class ResumeUnreadable(ValidationFailed):
    code = "resume_unreadable"
    default_message = gettext_lazy("The file could not be read. Upload a valid PDF, DOCX or text file.")


def resume_format_detect(*, data: bytes) -> str | None:
    """PDF by its %PDF header, DOCX as a zip holding word/document.xml, TXT as UTF-8 text without NULs."""
    if data.startswith(b"%PDF-"):
        return Resume.Format.PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return Resume.Format.DOCX if "word/document.xml" in archive.namelist() else None
        except zipfile.BadZipFile:
            return None
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return Resume.Format.TXT


def resume_file_read(*, file: UploadedFile) -> tuple[str, bytes, str]:
    """(format, bytes, text) of an upload; 413 past 5 MB, 415 for other types or a format hiding
    another, 400 when empty, encrypted, unreadable or unpacking too large."""
    if (file.size or 0) > MAX_RESUME_BYTES:
        raise PayloadTooLarge(details={"file": [_("At most 5 MB.")]})
    file.seek(0)
    data = file.read()
    if not data.strip():
        raise ValidationFailed(_("The file is empty."), code="resume_empty", details={"file": [_("Empty file.")]})
    resume_format = resume_format_detect(data=data)
    if resume_format is None:
        raise UnsupportedMediaType(details={"file": [_("Expected a PDF, DOCX or plain-text file.")]})
    if embedded_formats(file=io.BytesIO(data)) - {_CONTAINERS.get(resume_format)}:
        raise MixedFormatFile(details={"file": [_("Upload the document as your editor saved it.")]})
    text = _text_extract(resume_format=resume_format, data=data)
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    if not text:
        raise ValidationFailed(
            _("No text could be found in the file (a scanned image?). Upload a file with selectable text."),
            code="resume_no_text",
            details={"file": [_("No text found.")]},
        )
    return resume_format, data, text[:MAX_TEXT_CHARS]


def _text_extract(*, resume_format: str, data: bytes) -> str:
    if resume_format == Resume.Format.TXT:
        return data.decode("utf-8-sig")
    try:
        if resume_format == Resume.Format.PDF:
            return _pdf_text(data)
        return _docx_text(data)
    except ValidationFailed:
        raise
    except Exception as exc:
        logger.info("unreadable %s resume: %r", resume_format, exc)
        raise ResumeUnreadable(details={"file": [_("The file is damaged or not a valid document.")]}) from exc


def _docx_text(data: bytes) -> str:
    # zipfile stops inflating each part at its declared size, so the declared sizes bound the work.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise ValidationFailed(
            _("The document is too large once unpacked."),
            code="resume_unpacked_too_large",
            details={"file": [_("At most %(mb)d MB unpacked.") % {"mb": MAX_DOCX_UNPACKED_BYTES // (1024 * 1024)}]},
        )
    document = docx.Document(io.BytesIO(data))
    cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return "\n".join([*(paragraph.text for paragraph in document.paragraphs), *cells])


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:  # an owner password alone still lets anyone read the text
            opened = bool(reader.decrypt(""))
        except (DependencyError, NotImplementedError):
            opened = False
        if not opened:
            raise ValidationFailed(
                _("The PDF is password-protected. Remove the password and upload it again."),
                code="resume_encrypted",
                details={"file": [_("Encrypted PDF.")]},
            )
    try:
        return "\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES])
    except FileNotDecryptedError as exc:
        raise ValidationFailed(_("The PDF is password-protected."), code="resume_encrypted") from exc
