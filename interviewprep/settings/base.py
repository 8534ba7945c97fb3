"""Settings shared by every environment, read from the environment once."""

from pathlib import Path
from typing import Any

from operations import embedded

from .environment import MONGODB_URI, REDIS_TIMEOUT_SECONDS, REDIS_URL, billing_database, env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = embedded.VAR_DIR

SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-dev-only-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    "interviewprep.apps.MongoAdminConfig",
    "interviewprep.apps.MongoAuthConfig",
    "interviewprep.apps.MongoContentTypesConfig",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "djstripe",
    "kernel",
    "accounts",
    "questions",
    "interviews",
    "coaching",
    "billing",
    "support",
    "analytics",
    "operations",
]

MIDDLEWARE = [
    "operations.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Accept-Language for everyone; a signed-in user's own setting wins (see accounts.authentication).
    "django.middleware.locale.LocaleMiddleware",
    "operations.middleware.ApiPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, whose process_view reads the admin's form bodies.
    "operations.uploads.BodySizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "interviewprep.urls"
WSGI_APPLICATION = "interviewprep.wsgi.application"
ASGI_APPLICATION = "interviewprep.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Databases -------------------------------------------------------------
# MongoDB is the main store. dj-stripe needs integer primary keys, so it and
# the billing ledger live in a relational database behind the router.
DATABASES = {
    "default": {
        "ENGINE": "kernel.db.mongodb",
        "HOST": MONGODB_URI,
        "NAME": env.str("MONGODB_NAME", default="interviewprep"),
        # SecantusDB misreads nested $project/$addFields specs; the project
        # backend rewrites them to the equivalent dotted form (see
        # kernel/db/pipeline.py). Harmless on real MongoDB.
        "DOTTED_PIPELINES": env.bool("MONGODB_DOTTED_PIPELINES", default=True),
        # Deadlines sized to the request budget (README "Failure behaviour"): a hung server costs a
        # request at most one of them, then 503. timeoutMS bounds each operation end to end (server
        # selection, socket reads, and the server's own maxTimeMS, which the driver derives from it).
        "OPTIONS": {
            "serverSelectionTimeoutMS": env.int("MONGODB_TIMEOUT_MS", default=2000),
            "connectTimeoutMS": env.int("MONGODB_CONNECT_TIMEOUT_MS", default=2000),
            "timeoutMS": env.int("MONGODB_OPERATION_TIMEOUT_MS", default=2000),
        },
    },
    "billing": billing_database(
        env.db_url("BILLING_DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'billing.sqlite3'}"),
        timeout_seconds=env.int("BILLING_DATABASE_TIMEOUT_SECONDS", default=2),
    ),
}
DATABASE_ROUTERS = ["kernel.routers.BillingRouter"]
# BigAutoField stays the global default: the migration recorder takes it, and
# ObjectIdAutoField would break that table on the SQL database. MongoDB apps
# set ObjectIdAutoField in their AppConfig.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
MIGRATION_MODULES = {
    "admin": "mongo_migrations.admin",
    "auth": "mongo_migrations.auth",
    "contenttypes": "mongo_migrations.contenttypes",
}

# --- Auth ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# The first also restores sessions (force_login's default), so the one that can load users leads.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.PermissionRowsBackend",
    "accounts.backends.StaffRoleBackend",
]
# First entry hashes new passwords; Django rehashes others to it at sign-in (accounts/hashers.py).
PASSWORD_HASHERS = [
    "accounts.hashers.TunedArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ----------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Russian")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# django-mongodb-backend supports date truncation only in UTC; convert at the edges.
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media files ----------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Any body above this is refused with 413 unless its endpoint takes an upload (operations/uploads.py);
# the largest JSON body, an answer with its transcript, stays far below it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Uploaded files above this are spooled to a temporary file rather than held in a worker's memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# --- Cache, rate limits -----------------------------------------------------------
# "default" degrades to the databases when Redis is down (kernel/cache_backends.py);
# rate-limit counters use the stock backend, so a limit decides itself to fail closed or open.
CACHES = {
    "default": {
        "BACKEND": "kernel.cache_backends.DegradingRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="ip"),
        "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT_SECONDS, "socket_timeout": REDIS_TIMEOUT_SECONDS},
    }
}
CACHES["ratelimit"] = {**CACHES["default"], "BACKEND": "django.core.cache.backends.redis.RedisCache"}
# Per-process memory for tiny, hot, public data that may be a few seconds stale across processes.
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "interviewprep-local"}

# A dependency that timed out or refused is not asked again by this process for this long: requests
# needing it answer 503 with Retry-After at once (the cache degrades) instead of each waiting it out.
DEPENDENCY_BREAKER_SECONDS = env.float("DEPENDENCY_BREAKER_SECONDS", default=5.0)

# --- Email -------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="InterviewPrep <no-reply@interviewprep.local>")
# Where links in emails point: the SPA handles /verify-email and /reset-password.
FRONTEND_URL = env.str("FRONTEND_URL", default="http://localhost:5173")

# --- CORS and security headers -------------------------------------------------------
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=["http://localhost:5173"])
CORS_ALLOW_CREDENTIALS = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# HTTPS-only cookies outside DEBUG (dev.py recomputes these after turning DEBUG on).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG

# --- Plans -------------------------------------------------------------------------
# Readers a lower app uses without importing the app above it (README "Layout"): plans belong to
# billing, above accounts; resumes and review schedules to coaching, above interviews.
ACCOUNTS_PLAN_TIER_READER = "billing.selectors.plan_tier_for"
INTERVIEWS_CANDIDATE_SOURCE = "coaching.selectors"
FREE_WEEKLY_INTERVIEWS = env.int("FREE_WEEKLY_INTERVIEWS", default=2)
PREMIUM_WEEKLY_INTERVIEWS = env.int("PREMIUM_WEEKLY_INTERVIEWS", default=50)
# Retakes and re-runs of failed evaluations per rolling 7 days (seeded into the plans; staff edit them after).
FREE_WEEKLY_SECOND_CHANCES = env.int("FREE_WEEKLY_SECOND_CHANCES", default=3)
PREMIUM_WEEKLY_SECOND_CHANCES = env.int("PREMIUM_WEEKLY_SECOND_CHANCES", default=30)
# An interview still in progress after this long is closed by a periodic task.
INTERVIEW_ABANDON_AFTER_HOURS = env.int("INTERVIEW_ABANDON_AFTER_HOURS", default=24)

# --- Coaching ------------------------------------------------------------------------
COACH_DAILY_MESSAGES = env.int("COACH_DAILY_MESSAGES", default=50)
COACH_HISTORY_TOKENS = env.int("COACH_HISTORY_TOKENS", default=3000)

# --- Support -------------------------------------------------------------------------
SUPPORT_INBOX_EMAIL = env.str("SUPPORT_INBOX_EMAIL", default="support@interviewprep.local")
RATELIMIT_TICKETS_PER_USER = env.str("RATELIMIT_TICKETS_PER_USER", default="10/h")

# --- Metrics -----------------------------------------------------------------------
# Prometheus scrapes /metrics with "Authorization: Bearer <METRICS_TOKEN>"; unset, only staff sessions may.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# --- Logging ------------------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kernel.logging.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "kernel.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Our request log replaces Django's per-request lines.
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

from .ai import *  # noqa: E402,F403
from .api import *  # noqa: E402,F403
from .auth import *  # noqa: E402,F403
from .sentry import *  # noqa: E402,F403
from .storage import *  # noqa: E402,F403
from .stripe import *  # noqa: E402,F403
from .tasks import *  # noqa: E402,F403
