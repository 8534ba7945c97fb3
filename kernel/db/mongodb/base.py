from typing import Any

from django_mongodb_backend.base import DatabaseWrapper as MongoDatabaseWrapper

from kernel import outages
from kernel.db.pipeline import dotted_pipeline


class _DottedPipelineCollection:
    """Delegates to a collection, rewriting aggregation pipelines on the way."""

    def __init__(self, collection: Any) -> None:
        self._collection = collection

    def aggregate(self, pipeline: list[dict[str, Any]], *args: Any, **kwargs: Any) -> Any:
        return self._collection.aggregate(dotted_pipeline(pipeline), *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._collection, name)


class DatabaseWrapper(MongoDatabaseWrapper):
    def get_collection(self, name: str, **kwargs: Any) -> Any:
        outages.BREAKERS[outages.MONGODB].require()  # every ORM query starts here
        collection = super().get_collection(name, **kwargs)
        if self.settings_dict.get("DOTTED_PIPELINES"):
            return _DottedPipelineCollection(collection)
        return collection
