"""Send dj-stripe and the billing ledger to the relational ``billing``
database and everything else to MongoDB. No relation crosses the two."""

from typing import Any

from kernel import outages

BILLING_APPS = frozenset({"djstripe", "billing"})
BILLING_DB = "billing"
MAIN_DB = "default"


class BillingRouter:
    def _db_for(self, model: Any) -> str:
        return BILLING_DB if model._meta.app_label in BILLING_APPS else MAIN_DB

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return self._available(self._db_for(model))

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return self._available(self._db_for(model))

    @staticmethod
    def _available(db: str) -> str:
        if db == BILLING_DB:  # every billing query asks here first: refuse at once while it is known down
            outages.BREAKERS[outages.BILLING_DATABASE].require()
        return db

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return self._db_for(obj1) == self._db_for(obj2)

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return (db == BILLING_DB) == (app_label in BILLING_APPS)
