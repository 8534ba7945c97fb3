"""``MIGRATION_MODULES`` value that builds every table straight from the models,
as the test suite does (replaying dj-stripe's history takes minutes)."""


class NoMigrations:
    def __contains__(self, item: str) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None
