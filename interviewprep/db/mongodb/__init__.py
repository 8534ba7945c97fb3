"""django-mongodb-backend with the embedded-server pipeline fix (see ``interviewprep.db.pipeline``)."""
