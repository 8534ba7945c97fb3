"""Offline question generation and follow-ups: deterministic, grounded in bank material, never a repeat."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ai.errors import TranscriptionUnavailable
from ai.providers.offline import OfflineProvider
from ai.types import FollowUpInput, GenerationInput, TranscriptionInput
from tests.ai.samples import DEADLINE_QUESTION, INDEX_QUESTION, WEAK_INDEX_ANSWER


def test_generated_questions_are_new_deterministic_and_grounded_in_the_examples() -> None:
    data = GenerationInput(type="technical", level="junior", count=4, topic="databases", examples=(INDEX_QUESTION,))

    first = OfflineProvider().generate_questions(data)
    again = OfflineProvider().generate_questions(data)

    assert first == again
    assert len(first) == 4
    assert len({q.text for q in first}) == 4
    assert INDEX_QUESTION.key_points[0] in first[0].text
    assert first[0].key_points[0] == INDEX_QUESTION.key_points[0]
    assert "B-tree" in first[0].sample_answer
    assert all((q.type, q.level, q.model) == ("technical", "junior", "offline-rubric-v1") for q in first)
    assert all(1 <= q.difficulty <= 5 for q in first)


def test_generation_never_returns_a_text_to_avoid_ignoring_case_and_whitespace() -> None:
    data = GenerationInput(type="technical", level="junior", count=3, examples=(INDEX_QUESTION,))
    unwanted = OfflineProvider().generate_questions(data)[0].text

    avoid = ("  " + unwanted.upper().replace(" ", "   ") + " ",)
    fresh = OfflineProvider().generate_questions(replace(data, avoid=avoid))

    assert len(fresh) == 3
    assert all(q.text.casefold() != unwanted.casefold() for q in fresh)


def test_behavioral_generation_varies_the_bank_story_and_keeps_its_key_points() -> None:
    data = GenerationInput(type="behavioral", level="junior", count=2, examples=(DEADLINE_QUESTION,))

    questions = OfflineProvider().generate_questions(data)

    assert questions[0].text.startswith(DEADLINE_QUESTION.text)
    assert set(DEADLINE_QUESTION.key_points) <= set(questions[0].key_points)
    assert questions[0].sample_answer == DEADLINE_QUESTION.sample_answer


def test_without_examples_questions_are_written_from_the_topic() -> None:
    data = GenerationInput(type="behavioral", level="middle", count=2, job_title="Backend developer")

    questions = OfflineProvider().generate_questions(data)

    assert questions[0].text.startswith("Walk me through a time you had to deal with Backend developer")
    assert "quantified result" in questions[0].key_points


def test_generation_returns_fewer_questions_when_the_material_runs_out() -> None:
    data = GenerationInput(type="technical", level="junior", count=50, topic="sql")

    assert len(OfflineProvider().generate_questions(data)) == 3


def test_follow_up_asks_about_the_first_missed_key_points() -> None:
    missed = INDEX_QUESTION.key_points[2:]
    data = FollowUpInput(question=INDEX_QUESTION, answer_text=WEAK_INDEX_ANSWER, missed_key_points=missed)

    follow_up = OfflineProvider().generate_follow_up(data)

    assert missed[0] in follow_up.text and missed[1] in follow_up.text
    assert missed[2] not in follow_up.text
    assert follow_up.key_points == missed[:2]
    assert "writes get slower" in follow_up.sample_answer
    assert (follow_up.type, follow_up.level) == (INDEX_QUESTION.type, INDEX_QUESTION.level)


def test_follow_up_without_missed_points_probes_for_depth() -> None:
    data = FollowUpInput(question=INDEX_QUESTION, answer_text=WEAK_INDEX_ANSWER, missed_key_points=())

    follow_up = OfflineProvider().generate_follow_up(data)

    assert follow_up.text.startswith("What would you do differently")
    assert follow_up.key_points == INDEX_QUESTION.key_points


def test_offline_provider_cannot_transcribe() -> None:
    with pytest.raises(TranscriptionUnavailable):
        OfflineProvider().transcribe(TranscriptionInput(audio=b"RIFF", filename="a.wav"))
