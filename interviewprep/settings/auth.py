"""JWT lifetimes, account tokens and rate limits (every rate tunable from the environment)."""

from datetime import timedelta

from .environment import env

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "UPDATE_LAST_LOGIN": True,
    "ALGORITHM": "HS256",
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    "AUTH_TOKEN_CLASSES": ("rest_framework_simplejwt.tokens.AccessToken",),
}
# Behind a proxy, the number of trusted proxies in front of us (for client IPs).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
REFRESH_COOKIE_NAME = "refresh_token"
REFRESH_COOKIE_PATH = "/api/v1/auth/"

# Email verification and password reset links: signed, expiring, single-use.
EMAIL_VERIFICATION_MAX_AGE = timedelta(hours=env.int("EMAIL_VERIFICATION_HOURS", default=48))
PASSWORD_RESET_MAX_AGE = timedelta(hours=env.int("PASSWORD_RESET_HOURS", default=2))

# django-ratelimit rates ("count/period": s, m, h, d; e.g. "10/15m").
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_LOGIN_FAILURES_PER_EMAIL = env.str("RATELIMIT_LOGIN_FAILURES_PER_EMAIL", default="10/15m")
RATELIMIT_LOGIN_PER_IP = env.str("RATELIMIT_LOGIN_PER_IP", default="100/15m")
RATELIMIT_ADMIN_LOGIN_FAILURES_PER_EMAIL = env.str("RATELIMIT_ADMIN_LOGIN_FAILURES_PER_EMAIL", default="5/15m")
RATELIMIT_ADMIN_LOGIN_PER_IP = env.str("RATELIMIT_ADMIN_LOGIN_PER_IP", default="30/15m")
RATELIMIT_REGISTER_PER_IP = env.str("RATELIMIT_REGISTER_PER_IP", default="20/h")
RATELIMIT_EMAIL_PER_ADDRESS = env.str("RATELIMIT_EMAIL_PER_ADDRESS", default="5/h")
RATELIMIT_EMAIL_PER_IP = env.str("RATELIMIT_EMAIL_PER_IP", default="30/h")
RATELIMIT_REFRESH_PER_IP = env.str("RATELIMIT_REFRESH_PER_IP", default="120/15m")
# Every endpoint that reaches a language model, per user, one row per endpoint group
# (kernel.api.ratelimit.ai_call_enforce is the only reader).
RATELIMIT_AI = {
    "chat": env.str("RATELIMIT_AI_CHAT", default="30/h"),
    "question_generation": env.str("RATELIMIT_AI_QUESTION_GENERATION", default="20/h"),
    "resume_analysis": env.str("RATELIMIT_AI_RESUME_ANALYSIS", default="10/h"),
    "roadmap": env.str("RATELIMIT_AI_ROADMAP", default="10/h"),
    "job_reading": env.str("RATELIMIT_AI_JOB_READING", default="30/h"),
    "second_chance": env.str("RATELIMIT_AI_SECOND_CHANCE", default="30/h"),
}
# DRF's global throttle: a safety net, so an endpoint that forgot its own limit is still bounded.
API_THROTTLE_USER = env.str("API_THROTTLE_USER", default="1200/m")
API_THROTTLE_ANON = env.str("API_THROTTLE_ANON", default="300/m")
RATELIMIT_CODE_RUN_PER_USER = env.str("RATELIMIT_CODE_RUN_PER_USER", default="20/m")
