"""docs/api.md, the API reference in the repository, rendered from the OpenAPI schema.

``manage.py api_reference`` rewrites it; tests/operations/test_api_reference.py fails when the
file and the schema disagree, so the reference never drifts from what the API serves. The
conventions every endpoint shares are written here once; the endpoint and schema sections are
generated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drf_spectacular.generators import SchemaGenerator

REFERENCE_PATH = Path(__file__).resolve().parents[1] / "docs" / "api.md"
METHODS = ("get", "post", "put", "patch", "delete")

CONVENTIONS = """\
# InterviewPrep API reference (v1)

Generated from the OpenAPI schema by `manage.py api_reference`; a test fails when this file and
the schema disagree. The running server serves the same schema at `/api/v1/schema/` and Swagger
UI at `/api/v1/docs/`. Paths, verbs, status codes and field names below are a contract with the
SPA and other clients: add freely, but do not rename or drop without a versioned replacement.

## Conventions

- Base path `/api/v1/`. JSON in and out (multipart only for file uploads). Trailing slashes as
  written; the same path without the slash never answers 500.
- Auth: `Authorization: Bearer <access JWT>`. The access token lives 15 minutes, the refresh token
  7 days (`JWT_ACCESS_MINUTES`, `JWT_REFRESH_DAYS`). The refresh token is returned in the body and
  set as an httpOnly, Secure (outside DEBUG), SameSite=Lax cookie named `refresh_token`; each
  refresh rotates it, and reusing a rotated one gives 401.
- Ids are strings (MongoDB ObjectId hex for MongoDB documents). Another user's object is a 404.
- Lists are paginated: `{"count", "next", "previous", "results": [...]}`, with `?page=` and
  `?page_size=` (at most `API_PAGE_SIZE_MAX`, 100).
- Every error has one shape, `{"error": {"code": "<snake_case>", "message": "<human text>",
  "details": {...}}}`, with the status that fits: 400 validation (per-field messages in
  `details`), 401 unauthenticated, 403 forbidden or plan required, 404 not found or not yours,
  409 conflict, 413 too large, 415 unsupported media, 429 rate limited or over quota (with
  `Retry-After`), 503 a dependency is down. Never a 500 for bad input, never an HTML error page
  under `/api/`.
"""


def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _ref_name(node: dict[str, Any]) -> str:
    if "$ref" in node:
        return f"`{node['$ref'].rsplit('/', 1)[-1]}`"
    if node.get("type") == "array":
        return f"list of {_ref_name(node.get('items', {}))}"
    return f"`{node.get('type') or node.get('format') or 'object'}`"


_MEDIA = {"application/json": "JSON", "multipart/form-data": "multipart", "application/x-www-form-urlencoded": "form"}


def _body(content: dict[str, Any]) -> str:
    """``Schema`` (JSON, multipart): one entry per schema, with the media types that carry it."""
    by_schema: dict[str, list[str]] = {}
    for media_type, media in content.items():
        by_schema.setdefault(_ref_name(media.get("schema", {})), []).append(_MEDIA.get(media_type, media_type))
    return "; ".join(f"{name} ({', '.join(kinds)})" for name, kinds in by_schema.items())


def _summary(operation: dict[str, Any]) -> str:
    text = (operation.get("summary") or operation.get("description") or "").strip()
    return " ".join(text.split("\n\n", 1)[0].split()).replace("|", "\\|")


def _endpoints(document: dict[str, Any]) -> list[str]:
    lines = ["## Endpoints", ""]
    by_tag: dict[str, list[str]] = {}
    for path, item in sorted(document["paths"].items()):
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
            request = operation.get("requestBody", {}).get("content", {})
            responses, errors = [], []
            for status, response in sorted(operation.get("responses", {}).items()):
                content = response.get("content")
                if status.startswith(("4", "5")):
                    errors.append(status)
                else:
                    responses.append(f"{status} {_body(content)}" if content else status)
            if errors:  # every error is the envelope described under Conventions
                responses.append(f"errors: {', '.join(errors)}")
            row = (
                f"| {method.upper()} | `{path}`{' ?' + '&'.join(f'{p}=' for p in parameters) if parameters else ''} "
                f"| {_body(request) if request else ''} | {'<br>'.join(responses)} | {_summary(operation)} |"
            )
            by_tag.setdefault((operation.get("tags") or ["other"])[0], []).append(row)
    for tag, rows in sorted(by_tag.items()):
        lines += [f"### {tag}", "", "| verb | path | body | responses | what |", "|---|---|---|---|---|", *rows, ""]
    return lines


def _field_type(node: dict[str, Any]) -> str:
    if "$ref" in node or node.get("type") == "array":
        return _ref_name(node)
    if "allOf" in node:
        return " & ".join(_ref_name(part) for part in node["allOf"])
    if "oneOf" in node:
        return " or ".join(_ref_name(part) for part in node["oneOf"])
    kind = node.get("type", "object")
    if "enum" in node:
        return "one of " + ", ".join(f"`{value}`" for value in node["enum"] if value not in ("", None))
    return f"`{kind}`" + (f" ({node['format']})" if "format" in node else "")


def _schemas(document: dict[str, Any]) -> list[str]:
    lines = ["## Schemas", ""]
    for name, component in sorted(document.get("components", {}).get("schemas", {}).items()):
        lines += [f"### {name}", ""]
        properties = component.get("properties")
        if not properties:
            lines += [_field_type(component), ""]
            continue
        required = set(component.get("required", []))
        lines += ["| field | type | notes |", "|---|---|---|"]
        for field, node in properties.items():
            notes = [
                "required" if field in required else "",
                "read-only" if node.get("readOnly") else "",
                "write-only" if node.get("writeOnly") else "",
                "nullable" if node.get("nullable") else "",
            ]
            description = " ".join((node.get("description") or "").split()).replace("|", "\\|")
            lines.append(f"| `{field}` | {_field_type(node)} | {', '.join(n for n in [*notes, description] if n)} |")
        lines.append("")
    return lines


def render(document: dict[str, Any] | None = None) -> str:
    document = document if document is not None else schema()
    return "\n".join([CONVENTIONS, *_endpoints(document), *_schemas(document)]).rstrip() + "\n"
