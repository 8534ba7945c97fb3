"""Question rows as CSV and JSON files: the admin's import and export format.

JSON is a list of objects shaped like the bank file (questions/data/question_bank.json),
so the bank itself can be imported. In CSV, list fields are joined with "|"
(key points often contain commas) and an empty cell means "not given".
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from django.utils.translation import gettext as _

Format = Literal["csv", "json"]
FORMATS: tuple[Format, ...] = ("csv", "json")

# What a bank file or an import row may set; the rest is computed or statistics.
CONTENT_FIELDS = (
    "slug",
    "language",
    "type",
    "level",
    "difficulty",
    "text",
    "tags",
    "key_points",
    "sample_answer",
    "expected_duration_seconds",
    "coding",
    "is_active",
)
EXPORT_FIELDS = (
    "id",
    *CONTENT_FIELDS,
    "is_ai_generated",
    "is_follow_up",
    "usage_count",
    "score_count",
    "average_score",
    "created_at",
)
LIST_FIELDS = frozenset({"tags", "key_points"})
JSON_FIELDS = frozenset({"coding"})  # a JSON document in one CSV cell
LIST_SEPARATOR = "|"


class FileFormatError(ValueError):
    """The uploaded file cannot be read as rows at all (as opposed to one bad row)."""


def rows_dump(*, rows: Iterable[Mapping[str, Any]], fmt: Format) -> str:
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({name: _csv_cell(name, row.get(name)) for name in EXPORT_FIELDS})
    return buffer.getvalue()


def rows_load(*, content: bytes, fmt: Format) -> list[dict[str, Any]]:
    try:
        text = content.decode("utf-8-sig")  # spreadsheets often prepend a BOM
    except UnicodeDecodeError as exc:
        raise FileFormatError(_("The file is not UTF-8 text.")) from exc
    if fmt == "json":
        return _json_rows(text)
    return [_csv_row(row) for row in csv.DictReader(io.StringIO(text))]


def _csv_cell(name: str, value: Any) -> Any:
    if name in JSON_FIELDS:
        return json.dumps(value, ensure_ascii=False) if value else ""
    if name in LIST_FIELDS:
        return LIST_SEPARATOR.join(value or ())
    return "" if value is None else value


def _csv_row(row: dict[str | None, Any]) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    for name, value in row.items():
        if not name or not isinstance(value, str) or not value.strip():
            continue
        key = name.strip()
        if key in JSON_FIELDS:
            try:
                parsed[key] = json.loads(value)
            except json.JSONDecodeError:
                parsed[key] = value  # reported by the row's validation
            continue
        is_list = key in LIST_FIELDS
        parsed[key] = [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()] if is_list else value
    return parsed


def _json_rows(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(_("The file is not valid JSON: %(error)s.") % {"error": exc}) from exc
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise FileFormatError(_("A JSON import must be a list of objects."))
    return data
