"""Every coding question of the bank, in both languages, through the real sandbox."""

from __future__ import annotations

import pytest

from questions import coding
from sandbox import Verdict
from tests.coding.conftest import ROWS

PROBLEMS = [row for row in ROWS if row["language"] == "en"]


def test_the_bank_has_forty_coding_problems_across_levels_in_english_and_russian():
    assert len(PROBLEMS) >= 40
    assert {row["level"] for row in PROBLEMS} == {"junior", "middle", "senior"}
    english = {row["slug"] for row in PROBLEMS}
    russian = {row["slug"].removesuffix("-ru") for row in ROWS if row["language"] == "ru"}
    assert english == russian


@pytest.mark.parametrize("row", PROBLEMS, ids=[row["slug"] for row in PROBLEMS])
def test_reference_solutions_pass_every_test_and_the_starters_do_not(row):
    spec = row["coding"]
    assert coding.spec_errors(spec) == []
    for language, judgement in coding.reference_check(spec=spec).items():
        assert judgement.verdict == Verdict.PASSED, (language, judgement)
        assert judgement.passed == judgement.total == len(spec["examples"]) + len(spec["tests"])
    starter = coding.code_judge(spec=spec, language="python", code=spec["starter"]["python"], cases=spec["tests"])
    assert starter.passed < starter.total
