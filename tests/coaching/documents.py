"""Small real documents for upload tests: a hand-built PDF with a text layer, and DOCX via python-docx."""

from __future__ import annotations

import io

import docx
from pypdf import PdfReader, PdfWriter

RESUME_TEXT = """Ada Lovelace
Experience
Backend developer at Acme, Jan 2019 - Dec 2022
Built REST APIs with Python and Django on PostgreSQL; Docker and Git daily.
Education
BSc Mathematics 2014 - 2018
Skills
Python, Django, PostgreSQL, Docker, Git, REST APIs
"""


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF whose content stream draws ``lines`` in Helvetica (xref offsets computed)."""
    text = "".join(
        f"BT /F1 11 Tf 50 {760 - 16 * index} Td ({line.replace('(', '[').replace(')', ']')}) Tj ET\n"
        for index, line in enumerate(lines)
    ).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def encrypted_pdf_bytes() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(RESUME_TEXT.splitlines()))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
