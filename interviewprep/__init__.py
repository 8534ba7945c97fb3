"""InterviewPrep project package: settings, URLs, Celery app, database router
and the cross-cutting API pieces."""

from .celery import app as celery_app

__all__ = ["celery_app"]
