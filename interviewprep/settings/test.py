"""Tests: real MongoDB (SecantusDB) and Redis servers started for this process
when MONGODB_URI / REDIS_URL are unset; Celery runs eagerly unless a test
starts a real worker."""

import os

from interviewprep.embedded import start_ephemeral_services

os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("OPENAI_API_KEY", "")
# Flushing every collection between tests can take longer than a request's deadline on a busy machine;
# tests/faults/ put the production deadlines back where they are what is tested.
os.environ.setdefault("MONGODB_OPERATION_TIMEOUT_MS", "20000")
start_ephemeral_services()

from .base import *  # noqa: E402,F403
from .base import BASE_DIR, CACHES, DATABASES  # noqa: E402

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / str(os.getpid())
DATABASES["billing"]["TEST"] = {"NAME": ":memory:"} if DATABASES["billing"]["ENGINE"].endswith("sqlite3") else {}
for _cache in CACHES.values():
    _cache["KEY_PREFIX"] = f"test{os.getpid()}"
