"""Recognising audio uploads by their first bytes: a file's name and declared type are the client's claim."""

from __future__ import annotations

import struct
from typing import BinaryIO, cast

from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from tinytag import TinyTag, TinyTagException

from kernel.errors import PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from kernel.polyglots import MixedFormatFile, embedded_formats

MAX_AUDIO_BYTES = 10 * 1024 * 1024
MAX_AUDIO_SECONDS = 5 * 60
# WebM keeps its Segment Info (with Duration) near the start of the file.
_WEBM_HEADER_BYTES = 4096
CONTENT_TYPES = {
    "webm": "audio/webm",
    "ogg": "audio/ogg",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
}


def sniff_audio_format(head: bytes) -> str | None:
    """The format the magic bytes announce, or None."""
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: WebM (Matroska)
        return "webm"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"  # ID3 tag, or a bare MPEG frame sync
    if head[4:8] == b"ftyp":
        return "m4a"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    return None


def audio_validate(*, audio: UploadedFile) -> str:
    """The upload's format; 413 past the size limit, 415 unless its bytes are audio we accept and
    nothing else (no markup, PDF or ZIP hidden in it)."""
    if (audio.size or 0) > MAX_AUDIO_BYTES:
        raise PayloadTooLarge(details={"audio": [f"At most {MAX_AUDIO_BYTES // (1024 * 1024)} MB."]})
    audio.seek(0)
    head = audio.read(16)
    audio.seek(0)
    audio_format = sniff_audio_format(head)
    if audio_format is None:
        raise UnsupportedMediaType(details={"audio": [f"Expected one of: {', '.join(CONTENT_TYPES)}."]})
    if hidden := embedded_formats(file=audio):
        raise MixedFormatFile(details={"audio": [f"Audio that also holds {', '.join(sorted(hidden))} content."]})
    seconds = audio_duration(audio=audio, audio_format=audio_format)
    if seconds is not None and seconds > MAX_AUDIO_SECONDS:
        raise ValidationFailed(
            _("Recordings can be at most 5 minutes long."),
            code="audio_too_long",
            details={"audio": [_("At most %(minutes)d minutes.") % {"minutes": MAX_AUDIO_SECONDS // 60}]},
        )
    return audio_format


def recording_seconds(*, audio: File) -> float | None:
    """A stored recording's length from its container header, or None when the header does not say."""
    head = audio.read(16)
    audio.seek(0)
    audio_format = sniff_audio_format(head)
    return audio_duration(audio=audio, audio_format=audio_format) if audio_format else None


def audio_duration(*, audio: File, audio_format: str) -> float | None:
    """Length in seconds from the container's own header, or None when it does
    not say (live-recorded WebM often leaves Duration out; the 10 MB cap still bounds it)."""
    try:
        if audio_format == "webm":
            return _webm_seconds(audio.read(_WEBM_HEADER_BYTES))
        return TinyTag.get(file_obj=cast(BinaryIO, audio)).duration
    except (TinyTagException, struct.error, ValueError, OSError):
        return None
    finally:
        audio.seek(0)


def _webm_seconds(header: bytes) -> float | None:
    """EBML Duration (ID 0x4489, a float in TimecodeScale units; ID 0x2AD7B1, default 1 ms)."""
    scale_ns = 1_000_000
    if (at := header.find(b"\x2a\xd7\xb1")) >= 0:
        size = header[at + 3] & 0x7F
        scale_ns = int.from_bytes(header[at + 4 : at + 4 + size], "big") or scale_ns
    if (at := header.find(b"\x44\x89")) < 0:
        return None
    size = header[at + 2] & 0x7F
    if size not in (4, 8):
        return None
    (ticks,) = struct.unpack(">f" if size == 4 else ">d", header[at + 3 : at + 3 + size])
    return float(ticks) * scale_ns / 1e9
