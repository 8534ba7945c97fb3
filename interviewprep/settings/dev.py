"""Development: readable logs, emails written to var/mail/, embedded services."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MONGODB_URI, REDIS_URL, env

DEBUG = env.bool("DEBUG", default=True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG

for _name, _value in (("MONGODB_URI", MONGODB_URI), ("REDIS_URL", REDIS_URL)):
    if not _value:
        raise ImproperlyConfigured(
            f"{_name} is not set and no embedded server is running: start `make run` "
            f"in another terminal, or set {_name}."
        )
