"""Rewrite pipelines into equivalent forms the embedded server handles well.

SecantusDB (the embedded development server) deviates from MongoDB in ways
django-mongodb-backend's pipelines run into:
- it treats ``{"org": {"name": 1}}`` in ``$project`` as a literal value, where
  MongoDB reads it exactly like ``{"org.name": 1}`` (the backend emits the nested
  form for ``values("fk__field")``, ``select_related`` ordered by a related
  field and the admin's Permission list): specs are flattened to dotted paths;
- it plans an index only when the index holds every top-level field of a
  ``$match``: ``filter(a=1, b=2)``, written ``{"$and": [{"a": 1}, {"b": 2}]}``,
  is merged into ``{"a": 1, "b": 2}``, and a lookup by id and owner is split
  into a ``$match`` on ``_id`` followed by one on the rest.
- it runs the stages in the order given: the backend puts ``select_related``'s
  ``$lookup``/``$unwind`` joins before the query's ``$match``, so a lookup by id
  joined every document of the collection first (39 s for one answer at 35k
  answers). A ``$match`` that reads none of the joined fields moves ahead of the
  joins, as MongoDB's own optimizer moves it.
The backend also puts an identity ``$addFields`` (``{"started_at": "$started_at"}``)
before each ``$sort``, which keeps MongoDB from serving the sort from an index;
it is dropped.

Every rewrite means the same on real MongoDB (which coalesces adjacent
``$match`` stages), so it is safe everywhere; it is switched by
``DATABASES["default"]["DOTTED_PIPELINES"]``.
"""

from __future__ import annotations

from typing import Any

_PROJECTION_STAGES = frozenset({"$project", "$addFields", "$set"})
_SUB_PIPELINE_STAGES = frozenset({"$lookup", "$unionWith"})


def dotted_pipeline(pipeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    stages = [part for stage in pipeline if (rewritten := _rewrite_stage(stage)) for part in _id_match_first(rewritten)]
    return _matches_before_joins(stages)


def _rewrite_stage(stage: dict[str, Any]) -> dict[str, Any]:
    rewritten: dict[str, Any] = {}
    for operator, spec in stage.items():
        if operator in _PROJECTION_STAGES and isinstance(spec, dict):
            spec = _flatten(spec)
            if operator != "$project":
                spec = {path: value for path, value in spec.items() if value != f"${path}"}
                if not spec:
                    continue
        elif operator == "$match" and isinstance(spec, dict):
            spec = _merged_and(spec)
        elif operator in _SUB_PIPELINE_STAGES and isinstance(spec, dict) and "pipeline" in spec:
            spec = {**spec, "pipeline": dotted_pipeline(spec["pipeline"])}
        elif operator == "$facet":
            spec = {name: dotted_pipeline(sub) for name, sub in spec.items()}
        rewritten[operator] = spec
    return rewritten


def _is_field_spec(value: Any) -> bool:
    """A non-empty dict whose keys are field names, not an expression object."""
    return isinstance(value, dict) and bool(value) and not any(key.startswith("$") for key in value)


def _flatten(spec: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in spec.items():
        path = f"{prefix}.{key}" if prefix else key
        if _is_field_spec(value):
            flat.update(_flatten(value, path))
        else:
            flat[path] = value
    return flat


def _merged_and(query: dict[str, Any]) -> dict[str, Any]:
    """``{"$and": [{"a": 1}, {"b": 2}]}`` as ``{"a": 1, "b": 2}``; conditions on a key
    already taken stay in a remaining ``$and``."""
    if set(query) != {"$and"}:
        return query
    merged: dict[str, Any] = {}
    remaining: list[dict[str, Any]] = []
    for part in _and_parts(query):
        if merged.keys().isdisjoint(part) and "$and" not in part:
            merged.update(part)
        else:
            remaining.append(part)
    return {**merged, "$and": remaining} if remaining else merged


def _and_parts(query: dict[str, Any]) -> list[dict[str, Any]]:
    if set(query) == {"$and"}:
        return [part for item in query["$and"] for part in _and_parts(item)]
    return [query]


_WHOLE_DOCUMENT = "$$ROOT"  # what _fields_read reports for an expression that reads the whole document


def _matches_before_joins(stages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each ``$match`` moved ahead of the ``$lookup``/``$unwind`` stages before it (and of the filters between
    them) when it reads none of the fields they produce, as MongoDB's optimizer does."""
    ordered: list[dict[str, Any]] = []
    for stage in stages:
        position = len(ordered)
        if set(stage) == {"$match"}:
            read = _fields_read(stage["$match"])
            earlier = position
            while earlier and (
                set(ordered[earlier - 1]) == {"$match"}
                or ((produced := _joined_field(ordered[earlier - 1])) and not read & {produced, _WHOLE_DOCUMENT})
            ):
                earlier -= 1
                if set(ordered[earlier]) != {"$match"}:
                    position = earlier  # past a join; filters alone keep their order
        ordered.insert(position, stage)
    return ordered


def _joined_field(stage: dict[str, Any]) -> str | None:
    """The top-level field a ``$lookup`` writes or an ``$unwind`` unrolls; None for any other stage."""
    if set(stage) == {"$lookup"}:
        return str(stage["$lookup"]["as"]).split(".")[0]
    if set(stage) == {"$unwind"}:
        spec = stage["$unwind"]
        if isinstance(spec, dict) and "includeArrayIndex" in spec:
            return None  # it writes a second field: left where it is
        path = spec["path"] if isinstance(spec, dict) else spec
        return str(path).removeprefix("$").split(".")[0]
    return None


def _fields_read(query: Any) -> set[str]:
    """Every top-level field a query may read: its keys, and any ``"$field"`` string (an ``$expr`` operand)."""
    if isinstance(query, dict):
        keys = {key.split(".")[0] for key in query if not key.startswith("$")}
        return keys.union(*(_fields_read(value) for value in query.values()))
    if isinstance(query, list | tuple):
        return set().union(*(_fields_read(item) for item in query))
    if isinstance(query, str) and query.startswith(("$$ROOT", "$$CURRENT")):
        return {_WHOLE_DOCUMENT}
    if isinstance(query, str) and query.startswith("$") and not query.startswith("$$"):
        return {query[1:].split(".")[0]}
    return set()


def _id_match_first(stage: dict[str, Any]) -> list[dict[str, Any]]:
    match = stage.get("$match")
    if len(stage) != 1 or not isinstance(match, dict) or "_id" not in match or len(match) == 1:
        return [stage]
    return [{"$match": {"_id": match["_id"]}}, {"$match": {key: value for key, value in match.items() if key != "_id"}}]
