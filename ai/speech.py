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
# Typical interview pace: turns a question's expected speaking time into an expected answer length.
SPEAKING_WORDS_PER_MINUTE = 130

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
    """Pace, fillers and pauses of a transcript, from what is known and nothing assumed.

    The duration is the recording's (from the transcription service or the file's own header), else
    the span of the word timings; without either the pace is None. Pauses are the gaps between timed
    words: None for a transcript without timings (one the client typed or sent).
    """
    words = transcript.words
    gaps = [max(0.0, nxt.start - cur.end) for cur, nxt in zip(words, words[1:], strict=False)]
    duration = transcript.duration_seconds or (words[-1].end - words[0].start if words else 0.0)
    word_count = len(words) or len(tokenize(transcript.text))
    fillers = count_fillers(transcript.text or " ".join(word.word for word in words))
    return SpeechMetrics(
        words_per_minute=round(word_count * 60 / duration, 1) if duration > 0 else None,
        filler_count=sum(fillers.values()),
        fillers=fillers,
        long_pauses=sum(gap > LONG_PAUSE_SECONDS for gap in gaps) if words else None,
        longest_pause_seconds=round(max(gaps, default=0.0), 2) if words else None,
        duration_seconds=round(duration, 2) if duration > 0 else None,
    )
