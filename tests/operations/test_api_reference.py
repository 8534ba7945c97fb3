"""docs/api.md, the API reference kept in the repository, says what the OpenAPI schema says."""

import difflib

from operations.api_reference import REFERENCE_PATH, render, schema


def test_the_api_reference_in_docs_matches_the_schema():
    expected = render()
    stale = list(difflib.unified_diff(REFERENCE_PATH.read_text().splitlines(), expected.splitlines(), lineterm=""))

    assert not stale, "docs/api.md is stale; run `manage.py api_reference`:\n" + "\n".join(stale[:40])


def test_the_reference_lists_every_operation_of_the_schema():
    text = REFERENCE_PATH.read_text()
    for path, item in schema()["paths"].items():
        for method in item.keys() & {"get", "post", "put", "patch", "delete"}:
            assert f"| {method.upper()} | `{path}`" in text
