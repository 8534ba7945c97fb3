"""Raw collection access for the aggregation pipelines and conditional updates the ORM cannot express."""

from __future__ import annotations

from typing import Any

from django.db import connections, models, router


def collection_for(model: type[models.Model], *, write: bool = False) -> Any:
    """The pymongo collection behind ``model`` on the database the router picks
    (through the project backend, so pipelines get the same rewrite and query logging)."""
    alias = router.db_for_write(model) if write else router.db_for_read(model)
    connection: Any = connections[alias]
    return connection.get_collection(model._meta.db_table)
