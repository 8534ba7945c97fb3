"""Index types Django cannot declare on its own for MongoDB."""

from __future__ import annotations

from typing import Any

from django.db import models


class TTLIndex(models.Index):
    """MongoDB deletes a document once ``field`` (a datetime) is
    ``expire_after_seconds`` in the past (0 = at that moment)."""

    def __init__(self, *, field: str, name: str, expire_after_seconds: int = 0) -> None:
        super().__init__(fields=[field], name=name)
        self.expire_after_seconds = expire_after_seconds

    def deconstruct(self) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        path, _, kwargs = super().deconstruct()
        return path, (), {"field": self.fields[0], "name": self.name, "expire_after_seconds": self.expire_after_seconds}

    def get_pymongo_index_model(self, *args: Any, **kwargs: Any) -> Any:
        index = super().get_pymongo_index_model(*args, **kwargs)  # type: ignore[misc]
        index.document["expireAfterSeconds"] = self.expire_after_seconds
        return index
