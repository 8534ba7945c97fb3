"""List prices of the models we call, in USD, so every call's cost can be reported.

Prices are data, kept here rather than in settings: they change with the vendor's price list,
not with the deployment. An unknown model costs 0 (reported, never guessed).
"""

from __future__ import annotations

import re

# model: (input, output) USD per 1M tokens
CHAT_PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "o4-mini": (1.10, 4.40),
}
# model: USD per minute of audio
TRANSCRIPTION_PRICES: dict[str, float] = {
    "whisper-1": 0.006,
    "gpt-4o-transcribe": 0.006,
    "gpt-4o-mini-transcribe": 0.003,
}

_SNAPSHOT_RE = re.compile(r"-\d{4}-\d{2}-\d{2}$")  # "gpt-4o-mini-2024-07-18" is priced as "gpt-4o-mini"


def chat_cost_usd(model: str, prompt_tokens: int, completion_tokens: int) -> float:
    prompt_price, completion_price = CHAT_PRICES.get(_SNAPSHOT_RE.sub("", model), (0.0, 0.0))
    return (prompt_tokens * prompt_price + completion_tokens * completion_price) / 1_000_000


def transcription_cost_usd(model: str, seconds: float) -> float:
    return TRANSCRIPTION_PRICES.get(_SNAPSHOT_RE.sub("", model), 0.0) * seconds / 60
