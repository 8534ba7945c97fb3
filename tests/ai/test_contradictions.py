"""Right terms, wrong facts: a technical answer that swaps a complexity, a case or a word for its opposite
states the key point wrong, while the reference's own wording and a paraphrase state nothing wrong."""

import json
from pathlib import Path

import pytest

from ai import EvaluationInput, QuestionSpec
from ai.grading.semantic import contradictions
from ai.providers.offline import OfflineProvider

BANK = json.loads((Path(__file__).resolve().parents[2] / "questions" / "data" / "question_bank.json").read_text())
HASH_TABLE = QuestionSpec(
    text="What is a hash table, and what is the time complexity of looking up a key?",
    type="technical",
    level="junior",
    key_points=("Average lookup is constant time O(1)", "Worst case is linear O(n) when keys collide"),
    sample_answer="On average a lookup takes constant time, O(1). In the worst case, when many keys collide, "
    "a lookup degrades to linear time, O(n).",
)


@pytest.mark.parametrize(
    ("answer", "wrong"),
    [
        ("A lookup takes linear time, O(n), on average.", ("Average lookup is constant time O(1)",)),
        ("In the worst case a lookup is still constant time.", ("Worst case is linear O(n) when keys collide",)),
        ("On average a lookup is O(n), and it is O(1) when keys collide.", HASH_TABLE.key_points),
        ("Looking a key up usually costs O(1); if every key collides it becomes O(n).", ()),
    ],
)
def test_an_answer_states_a_key_point_wrong_when_it_swaps_a_complexity_or_a_case(answer, wrong):
    assert contradictions(HASH_TABLE, answer)[0] == wrong


def test_no_sample_answer_in_the_bank_contradicts_its_own_key_points():
    contradicted = {}
    for q in BANK:
        question = QuestionSpec(
            text=q["text"], type=q["type"], level=q["level"], key_points=tuple(q["key_points"]),
            sample_answer=q["sample_answer"], language=q["language"],
        )  # fmt: skip
        points, wrong_share = contradictions(question, q["sample_answer"])
        if points or wrong_share:
            contradicted[q["slug"]] = points

    assert contradicted == {}


@pytest.mark.parametrize(
    ("language", "advice"),
    [
        (
            "en",
            "Check your facts: the answer states these key points wrong: Worst case is linear O(n) when keys collide.",
        ),
        (
            "ru",
            "Проверьте факты: эти ключевые пункты в ответе изложены неверно: "
            "Worst case is linear O(n) when keys collide.",
        ),
    ],
)
def test_the_feedback_names_a_key_point_stated_wrong_first_in_the_users_language(language, advice):
    answer = "On average a lookup takes constant time, O(1). In the worst case it is still constant time, O(1)."

    evaluation = OfflineProvider().evaluate_answer(
        EvaluationInput(question=HASH_TABLE, answer_text=answer, language=language)
    )

    assert evaluation.improvements[0] == advice
    assert "Worst case is linear O(n) when keys collide" in evaluation.missed_key_points
    assert "Average lookup is constant time O(1)" not in evaluation.missed_key_points
