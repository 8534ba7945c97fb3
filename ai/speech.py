"""Speech metrics computed in code from a transcript, never asked of a model.

Counting fillers and pauses is arithmetic; a model would only be slower, costlier and less
repeatable at it, so both providers share these functions.
"""

from __future__ import annotations

from collections import Counter

from ai.text import tokenize
from ai.types import SpeechMetrics, Transcript

FILLERS: tuple[str, ...] = (
    "um", "uh", "erm", "like", "you know", "sort of", "kind of", "i mean", "basically", "actually",
    "ну", "как бы", "типа", "короче", "в общем",
)  # fmt: skip
LONG_PAUSE_SECONDS = 2.0
SPEAKING_WORDS_PER_MINUTE = 130  # typical interview pace; converts text length into speaking time

# Longest phrases first, so "you know" is one filler and not a stray "you" plus "know".
_PHRASES = sorted((tuple(filler.split()) for filler in FILLERS), key=len, reverse=True)


def count_fillers(text: str) -> dict[str, int]:
    """Filler words and multi-word filler phrases in ``text``, each token counted at most once."""
    tokens = tokenize(text)
    found: Counter[str] = Counter()
    i = 0
    while i < len(tokens):
        for phrase in _PHRASES:
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                found[" ".join(phrase)] += 1
                i += len(phrase)
                break
        else:
            i += 1
    return dict(found)


def speech_metrics(transcript: Transcript) -> SpeechMetrics:
    """Pace, fillers and pauses of a timed transcript.

    Duration falls back to the span of the word timings, then to an estimate from the text, so a
    transcript without timings still yields a pace instead of a division by zero.
    """
    words = transcript.words
    gaps = [max(0.0, nxt.start - cur.end) for cur, nxt in zip(words, words[1:], strict=False)]
    duration = transcript.duration_seconds or (words[-1].end - words[0].start if words else 0.0)
    word_count = len(words) or len(tokenize(transcript.text))
    if duration <= 0:
        duration = estimated_speaking_seconds(transcript.text)
    fillers = count_fillers(transcript.text or " ".join(word.word for word in words))
    return SpeechMetrics(
        words_per_minute=round(word_count * 60 / duration, 1) if duration else 0.0,
        filler_count=sum(fillers.values()),
        fillers=fillers,
        long_pauses=sum(gap > LONG_PAUSE_SECONDS for gap in gaps),
        longest_pause_seconds=round(max(gaps, default=0.0), 2),
        duration_seconds=round(duration, 2),
    )


def estimated_speaking_seconds(text: str) -> float:
    """How long ``text`` takes to say at a typical interview pace: lets typed answers be judged on length."""
    return len(tokenize(text)) * 60 / SPEAKING_WORDS_PER_MINUTE
