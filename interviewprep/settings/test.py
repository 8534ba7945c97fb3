"""Tests: MongoDB and Redis at MONGODB_URI / REDIS_URL, which the suite's servers plugin
(tests/servers.py) starts before these settings are read; Celery runs eagerly unless a test starts
a real worker."""

import os

os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("OPENAI_API_KEY", "")
# Flushing every collection between tests can take longer than a request's deadline on a busy machine;
# tests/faults/ put the production deadlines back where they are what is tested.
os.environ.setdefault("MONGODB_OPERATION_TIMEOUT_MS", "20000")

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, DATABASES

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / str(os.getpid())
DATABASES["billing"]["TEST"] = {"NAME": ":memory:"} if DATABASES["billing"]["ENGINE"].endswith("sqlite3") else {}
for _cache in CACHES.values():
    _cache["KEY_PREFIX"] = f"test{os.getpid()}"
