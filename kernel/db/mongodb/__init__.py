"""django-mongodb-backend with the embedded-server pipeline fix (see ``kernel.db.pipeline``)."""
