"""Speech metrics are arithmetic on the transcript: fillers (including phrases), pace and pauses."""

from __future__ import annotations

from ai.speech import count_fillers, speech_metrics
from ai.types import Transcript, Word


def timed(*words: tuple[str, float, float]) -> tuple[Word, ...]:
    return tuple(Word(word=w, start=start, end=end) for w, start, end in words)


def test_multi_word_filler_phrases_are_counted_once_each() -> None:
    text = "Um, you know, I mean it was sort of kind of basically fine, actually. Like, uh, you know?"

    assert count_fillers(text) == {
        "um": 1, "you know": 2, "i mean": 1, "sort of": 1, "kind of": 1, "basically": 1, "actually": 1,
        "like": 1, "uh": 1,
    }  # fmt: skip


def test_words_inside_a_phrase_are_not_counted_twice_or_mistaken_for_the_phrase() -> None:
    assert count_fillers("Do you know the answer? I know it.") == {"you know": 1}
    assert count_fillers("We sorted it, a kind gesture.") == {}


def test_russian_fillers_and_phrases_are_counted() -> None:
    assert count_fillers("Ну, это как бы типа кеш, короче, в общем быстро.") == {
        "ну": 1, "как бы": 1, "типа": 1, "короче": 1, "в общем": 1,
    }  # fmt: skip


def test_pace_pauses_and_fillers_come_from_word_timings() -> None:
    words = timed(
        ("So", 0.0, 0.3), ("um", 0.4, 0.6), ("an", 0.7, 0.8), ("index", 0.9, 1.3),
        ("is", 3.8, 4.0), ("a", 4.1, 4.2), ("you", 4.3, 4.4), ("know", 4.5, 4.7),
        ("tree", 7.9, 8.2), ("structure", 8.3, 9.0),
    )  # fmt: skip
    transcript = Transcript(text="So um an index is a you know tree structure", words=words, duration_seconds=10.0)

    metrics = speech_metrics(transcript)

    assert metrics.words_per_minute == 60.0  # 10 words in 10 s
    assert metrics.fillers == {"um": 1, "you know": 1}
    assert metrics.filler_count == 2
    assert metrics.long_pauses == 2  # 2.5 s and 3.2 s; gaps of at most 2 s do not count
    assert metrics.longest_pause_seconds == 3.2
    assert metrics.duration_seconds == 10.0


def test_duration_falls_back_to_the_word_span_and_is_never_estimated() -> None:
    spanned = speech_metrics(Transcript(text="one two", words=timed(("one", 1.0, 1.5), ("two", 1.6, 3.0))))
    untimed = speech_metrics(Transcript(text=" ".join(["word"] * 13)))

    assert spanned.duration_seconds == 2.0
    assert spanned.words_per_minute == 60.0
    assert (untimed.duration_seconds, untimed.words_per_minute) == (None, None)
    assert (untimed.long_pauses, untimed.longest_pause_seconds) == (None, None)


def test_a_client_transcript_with_the_recordings_length_has_a_pace_but_no_pauses() -> None:
    metrics = speech_metrics(Transcript(text="um " + " ".join(["word"] * 29), duration_seconds=20.0))

    assert (metrics.words_per_minute, metrics.duration_seconds, metrics.filler_count) == (90.0, 20.0, 1)
    assert (metrics.long_pauses, metrics.longest_pause_seconds) == (None, None)


def test_empty_transcript_has_no_invented_figures() -> None:
    metrics = speech_metrics(Transcript(text=""))

    assert (metrics.words_per_minute, metrics.filler_count, metrics.long_pauses) == (None, 0, None)
