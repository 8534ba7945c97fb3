"""What both providers agree an evaluation is: the criteria weights and the score arithmetic.

The model's numbers are never trusted as-is; they go through the same clamp and weighting as the
offline rubric's, so a score means the same thing whichever provider produced it.
"""

from __future__ import annotations

from collections.abc import Mapping

RUBRIC_VERSION = "rubric-v1"

# Relevance (answering what was asked) and substance weigh most; delivery matters, but less.
WEIGHTS: dict[str, float] = {
    "relevance": 0.30,
    "technical_accuracy": 0.25,
    "structure": 0.20,
    "clarity": 0.15,
    "confidence": 0.10,
}


def clamp(value: float) -> int:
    """A score as the contract wants it: an int in 0..100."""
    return int(round(min(100.0, max(0.0, value))))


def overall_score(scores: Mapping[str, float]) -> int:
    """Weighted mean of the criteria; a missing criterion counts as 0 rather than being skipped."""
    return clamp(sum(weight * scores.get(name, 0) for name, weight in WEIGHTS.items()))
