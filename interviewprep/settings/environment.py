"""The one ``env`` reader every settings module shares, and the addresses of
the services the settings depend on."""

import environ

from interviewprep import embedded

env = environ.Env()

# Unset means "the embedded server the launcher is running" (see embedded.py).
MONGODB_URI = env.str("MONGODB_URI", default="") or embedded.recorded_url("mongodb")
REDIS_URL = env.str("REDIS_URL", default="") or embedded.recorded_url("redis")
