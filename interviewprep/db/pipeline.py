"""Rewrite nested field specs in ``$project``/``$addFields`` to dotted paths.

SecantusDB (the embedded development server) treats ``{"org": {"name": 1}}``
in ``$project`` as a literal value, where MongoDB reads it exactly like
``{"org.name": 1}``. django-mongodb-backend emits the nested form for
``values("fk__field")``, ``select_related`` ordered by a related field and
the admin's Permission list. The dotted form means the same on real MongoDB,
so the rewrite is safe everywhere; it is switched by
``DATABASES["default"]["DOTTED_PIPELINES"]``.
"""

from __future__ import annotations

from typing import Any

_PROJECTION_STAGES = frozenset({"$project", "$addFields", "$set"})
_SUB_PIPELINE_STAGES = frozenset({"$lookup", "$unionWith"})


def dotted_pipeline(pipeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_rewrite_stage(stage) for stage in pipeline]


def _rewrite_stage(stage: dict[str, Any]) -> dict[str, Any]:
    rewritten: dict[str, Any] = {}
    for operator, spec in stage.items():
        if operator in _PROJECTION_STAGES and isinstance(spec, dict):
            spec = _flatten(spec)
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
