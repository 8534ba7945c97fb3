"""The AI layer: which provider, which models, and how patient to be."""

from .environment import env

OPENAI_API_KEY = env.str("OPENAI_API_KEY", default="")
OPENAI_BASE_URL = env.str("OPENAI_BASE_URL", default="") or None
AI_PROVIDER = env.str(
    "AI_PROVIDER",
    default="ai.providers.openai.OpenAIProvider" if OPENAI_API_KEY else "ai.providers.offline.OfflineProvider",
)
AI_CHAT_MODEL = env.str("AI_CHAT_MODEL", default="gpt-4o-mini")
AI_TRANSCRIPTION_MODEL = env.str("AI_TRANSCRIPTION_MODEL", default="whisper-1")
AI_TIMEOUT_SECONDS = env.float("AI_TIMEOUT_SECONDS", default=30.0)
AI_MAX_RETRIES = env.int("AI_MAX_RETRIES", default=3)
AI_BACKOFF_BASE_SECONDS = env.float("AI_BACKOFF_BASE_SECONDS", default=1.0)
# Upper bound for one wait between retries, including a provider's Retry-After: a worker must not sleep for minutes.
AI_BACKOFF_MAX_SECONDS = env.float("AI_BACKOFF_MAX_SECONDS", default=20.0)
AI_BREAKER_FAILURES = env.int("AI_BREAKER_FAILURES", default=5)
AI_BREAKER_COOLDOWN_SECONDS = env.int("AI_BREAKER_COOLDOWN_SECONDS", default=60)
AI_CACHE_SECONDS = env.int("AI_CACHE_SECONDS", default=60 * 60 * 24 * 30)
