"""Settings package: ``base`` plus one module per environment (dev, test,
production). Integration settings live in their own modules, star-imported at
the end of ``base``."""
