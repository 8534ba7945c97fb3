"""Every cheating answer in benchmarks/data/adversarial.json lands in its score band with the offline grader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ai import EvaluationInput, QuestionSpec
from ai.providers.offline import OfflineProvider

DATA = json.loads((Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "adversarial.json").read_text())


@pytest.mark.parametrize("case", DATA["cases"], ids=[case["id"] for case in DATA["cases"]])
def test_adversarial_answer_lands_in_its_band(case: dict[str, Any]) -> None:
    q = DATA["questions"][case["question"]]
    question = QuestionSpec(
        text=q["text"], type=q["type"], level=q["level"], key_points=tuple(q["key_points"]),
        expected_duration_seconds=q["expected_duration_seconds"], sample_answer=q["sample_answer"],
        tags=tuple(q["tags"]), language=q["language"],
    )  # fmt: skip

    evaluation = OfflineProvider().evaluate_answer(
        EvaluationInput(question=question, answer_text=case["answer"], language=q["language"])
    )

    low, high = case["band"]
    assert low <= evaluation.score <= high
