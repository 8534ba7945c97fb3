"""Cross-cutting API pieces: errors, pagination, ObjectId fields, schema, health."""
