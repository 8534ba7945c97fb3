"""Recognising uploads that are two formats at once.

A polyglot starts like a format we accept and also parses as another one: markup a browser would
render, a PDF a reader would open, a ZIP (GIFAR-style) an archive tool would unpack. Each check looks
where that other format's readers look, so a file passes only if no other reader would take it.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO

from django.utils.translation import gettext_lazy as _

from kernel.errors import UnsupportedMediaType

# Browsers sniff the first 512 bytes for markup; PDF readers accept a header anywhere in the first 1024.
HEAD_BYTES = 1024
_MARKUP = re.compile(rb"<(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed)[\s/>]", re.IGNORECASE)


class MixedFormatFile(UnsupportedMediaType):
    code = "mixed_format"
    default_message = _("The file also contains another kind of content (markup, PDF or ZIP data) and is refused.")


def embedded_formats(*, file: IO[bytes]) -> set[str]:
    """Which of "html", "pdf" and "zip" ``file`` would also be read as (the position is restored)."""
    start = file.tell()
    try:
        file.seek(0)
        head = file.read(HEAD_BYTES)
        found = {name for name, hit in (("html", _MARKUP.search(head)), ("pdf", b"%PDF-" in head)) if hit}
        if zipfile.is_zipfile(file):  # reads the end-of-directory record, as ZIP readers do
            found.add("zip")
        return found
    finally:
        file.seek(start)
