from django.apps import AppConfig


class BillingConfig(AppConfig):
    """Lives in the relational ``billing`` database beside dj-stripe (see kernel.routers)."""

    name = "billing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from billing import signals  # noqa: F401
