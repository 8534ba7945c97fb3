"""Send dj-stripe and the billing ledger to the relational ``billing``
database and everything else to MongoDB. No relation crosses the two.

Billing's usage counters are the one billing model on MongoDB: their limits are
single-document conditional updates, and they are deleted with their user."""

from typing import Any

from django.apps import apps
from django.db import models

from kernel import outages

BILLING_APPS = frozenset({"djstripe", "billing"})
BILLING_DB = "billing"
MAIN_DB = "default"
# Billing-owned models stored in MongoDB (``app_label.model_name``).
MAIN_DB_MODELS = frozenset({"billing.usage"})


class BillingRouter:
    def _db_for(self, model: Any) -> str:
        return self._db_of(model._meta.app_label, model._meta.model_name)

    @staticmethod
    def _db_of(app_label: str, model_name: str | None) -> str:
        if app_label not in BILLING_APPS or f"{app_label}.{model_name}" in MAIN_DB_MODELS:
            return MAIN_DB
        return BILLING_DB

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
        return db == self._db_of(app_label, model_name)


def billing_database_models() -> list[type[models.Model]]:
    """Every model the router keeps on the billing database (backups dump exactly these)."""
    return [
        model
        for label in sorted(BILLING_APPS)
        for model in apps.get_app_config(label).get_models()
        if BillingRouter._db_of(label, model._meta.model_name) == BILLING_DB
    ]
