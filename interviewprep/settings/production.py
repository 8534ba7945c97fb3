"""Production: everything from the environment; refuse to start on an unsafe configuration."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, MIDDLEWARE, SECRET_KEY, STORAGES, env

_INSECURE_KEY_PREFIX = "django-insecure"


def _require(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return value


if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set DEBUG=false).")
if not SECRET_KEY or SECRET_KEY.startswith(_INSECURE_KEY_PREFIX) or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters in production.")
for _name in ("MONGODB_URI", "REDIS_URL", "BILLING_DATABASE_URL", "ALLOWED_HOSTS"):
    _require(_name)

LOG_FORMAT = "json"
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

# The application serves its own static files (admin, dashboard, Swagger UI): hashed, compressed
# copies that `collectstatic` builds into STATIC_ROOT when the image is built, cached for a year.
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
_whitenoise = "whitenoise.middleware.WhiteNoiseMiddleware"
MIDDLEWARE = [*MIDDLEWARE[:_after_security], _whitenoise, *MIDDLEWARE[_after_security:]]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
