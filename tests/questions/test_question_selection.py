from typing import Any

import pytest

from questions.models import Question
from questions.selectors import questions_for_interview
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def _pick(**kwargs: Any) -> list[Question]:
    options: dict[str, Any] = {"type": "technical", "level": "middle", "count": 5, "seed": 7}
    return questions_for_interview(**(options | kwargs))


def test_a_five_question_interview_spans_every_difficulty_easiest_first():
    for difficulty in (1, 2, 3, 4, 5):
        QuestionFactory.create_batch(3, difficulty=difficulty)

    picked = _pick(count=5)

    assert [question.difficulty for question in picked] == [1, 2, 3, 4, 5]


def test_a_short_interview_stays_near_the_middle_difficulty():
    for difficulty in (1, 2, 3, 4, 5):
        QuestionFactory.create_batch(2, difficulty=difficulty)

    assert [question.difficulty for question in _pick(count=3)] == [2, 3, 4]


def test_recently_seen_questions_are_avoided_while_others_remain():
    seen = QuestionFactory.create_batch(4)
    fresh = QuestionFactory.create_batch(3)

    picked = _pick(count=3, exclude_ids=[str(question.pk) for question in seen])

    assert {question.pk for question in picked} == {question.pk for question in fresh}


def test_recently_seen_questions_fill_in_rather_than_leave_the_interview_short():
    seen = QuestionFactory.create_batch(2)
    fresh = QuestionFactory.create()

    picked = _pick(count=3, exclude_ids=[question.pk for question in seen])

    assert len(picked) == 3
    assert fresh in picked


def test_questions_matching_skills_or_job_title_come_first():
    matching = [
        QuestionFactory.create(tags=["django"]),
        QuestionFactory.create(tags=["machine-learning"]),
        QuestionFactory.create(tags=["backend", "http"]),
    ]
    QuestionFactory.create_batch(6, tags=["cobol"])

    picked = _pick(count=3, skills=["Django", "Machine Learning"], job_title="Backend developer")

    assert set(picked) == set(matching)


def test_neighbouring_levels_fill_in_but_distant_levels_never_do():
    own = QuestionFactory.create(level="middle")
    neighbours = [QuestionFactory.create(level="junior"), QuestionFactory.create(level="senior")]
    QuestionFactory.create(level="intern")
    QuestionFactory.create_batch(2, level="junior", type="behavioral")

    picked = _pick(count=5)

    assert set(picked) == {own, *neighbours}


def test_preferred_language_first_then_english():
    russian = QuestionFactory.create_batch(2, language="ru")
    english = QuestionFactory.create_batch(3, language="en")

    assert set(_pick(count=2, language="ru")) == set(russian)
    assert set(russian) < set(_pick(count=4, language="ru"))
    assert set(_pick(count=3, language="en")) == set(english)


def test_inactive_and_follow_up_questions_are_never_selected():
    QuestionFactory.create(is_active=False)
    QuestionFactory.create(is_follow_up=True, is_ai_generated=True)
    usable = QuestionFactory.create()

    assert _pick(count=5) == [usable]


def test_same_seed_gives_the_same_selection_and_others_vary():
    QuestionFactory.create_batch(20, difficulty=3)

    first = [question.pk for question in _pick(count=4, seed=1)]

    assert first == [question.pk for question in _pick(count=4, seed=1)]
    assert any(first != [question.pk for question in _pick(count=4, seed=seed)] for seed in range(2, 6))
