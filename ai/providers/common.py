"""Pieces both providers need to turn raw material into results."""

from __future__ import annotations

from collections.abc import Iterable

from ai.text import content_stems, normalize
from ai.types import GeneratedQuestion

_SAME_POINT = 0.5  # share of stems two phrasings of one key point have in common


def fresh_questions(
    candidates: Iterable[GeneratedQuestion], avoid: Iterable[str], count: int
) -> list[GeneratedQuestion]:
    """Up to ``count`` candidates, none repeating another or a text in ``avoid`` (case/whitespace-insensitive)."""
    seen = {normalize(text) for text in avoid}
    fresh: list[GeneratedQuestion] = []
    for question in candidates:
        key = normalize(question.text)
        if key and key not in seen and len(fresh) < count:
            seen.add(key)
            fresh.append(question)
    return fresh


def match_key_points(key_points: Iterable[str], claimed: Iterable[str]) -> tuple[str, ...]:
    """The question's own key points that ``claimed`` phrases refer to, even when a model paraphrased them."""
    claimed_stems = [content_stems(text) for text in claimed]

    def mentioned(point: str) -> bool:
        stems = content_stems(point)
        return any(stems and len(stems & other) >= _SAME_POINT * len(stems | other) for other in claimed_stems)

    return tuple(point for point in key_points if mentioned(point))
