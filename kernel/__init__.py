"""The shared kernel: what every app builds on (errors and the API's error envelope, ObjectId fields,
the MongoDB pipeline fix, cache, outbox, outage breakers, task policies, product events). It imports
no app of this project; see README "Layout" for the dependency order import-linter enforces."""
