"""Operations tools at the top of the dependency order: the launcher and its embedded servers,
backups, metrics, health checks, seeding and the management commands that run them. Nothing in
the product imports this package except configuration (settings, urls)."""
