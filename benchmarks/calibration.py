"""How well the offline rubric agrees with hand-labelled scores.

Runs the offline provider on every (question, answer) pair in benchmarks/data/calibration.json
and prints the Spearman rank correlation, the mean absolute error and a per-band table. Exits
non-zero below the agreed floor (Spearman 0.75, MAE 15) so a rubric change cannot quietly
make grading worse.

    .venv/bin/python benchmarks/calibration.py
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.grading import spearman  # noqa: E402  (run as a script: the repository root is not on the path)

CALIBRATION = ROOT / "benchmarks" / "data" / "calibration.json"
BANK = ROOT / "questions" / "data" / "question_bank.json"
BANDS = ("poor", "weak", "fair", "good", "excellent")
MIN_SPEARMAN, MAX_MAE = 0.75, 15.0
SHOWN_DISAGREEMENTS = 5


def _setup_django() -> None:
    """gettext (used for feedback text) needs configured settings; the rubric itself needs nothing else."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewprep.settings.test")
    import django

    django.setup()


def _evaluate(items: list[dict[str, Any]], bank: dict[str, dict[str, Any]]) -> list[int]:
    from ai.providers.offline import OfflineProvider
    from ai.types import EvaluationInput, QuestionSpec

    provider = OfflineProvider()
    fields = ("text", "type", "level", "expected_duration_seconds", "sample_answer", "language")
    predicted = []
    for item in items:
        question = bank[item["question_slug"]]
        spec = QuestionSpec(
            **{name: question[name] for name in fields},
            key_points=tuple(question["key_points"]),
            tags=tuple(question["tags"]),
        )
        evaluation = provider.evaluate_answer(EvaluationInput(question=spec, answer_text=item["answer"]))
        predicted.append(evaluation.score)
    return predicted


def main() -> int:
    _setup_django()
    items = json.loads(CALIBRATION.read_text())
    bank = {question["slug"]: question for question in json.loads(BANK.read_text())}
    predicted = _evaluate(items, bank)
    labelled = [item["score"] for item in items]
    rho = spearman(predicted, labelled)
    mae = sum(abs(p - label) for p, label in zip(predicted, labelled, strict=True)) / len(items)

    print(f"{len(items)} labelled answers")
    print(f"Spearman rank correlation: {rho:.3f} (floor {MIN_SPEARMAN})")
    print(f"Mean absolute error:       {mae:.1f} (ceiling {MAX_MAE:.0f})\n")
    print(f"{'band':<10} {'n':>3} {'label':>6} {'offline':>8} {'MAE':>6}")
    for band in BANDS:
        rows = [(p, item["score"]) for p, item in zip(predicted, items, strict=True) if item["band"] == band]
        if rows:
            n = len(rows)
            label_mean, offline_mean = sum(r[1] for r in rows) / n, sum(r[0] for r in rows) / n
            band_mae = sum(abs(p - label) for p, label in rows) / n
            print(f"{band:<10} {n:>3} {label_mean:>6.1f} {offline_mean:>8.1f} {band_mae:>6.1f}")

    print("\nLargest disagreements:")
    worst = sorted(zip(predicted, items, strict=True), key=lambda row: -abs(row[0] - row[1]["score"]))
    for p, item in worst[:SHOWN_DISAGREEMENTS]:
        print(f"  {item['id']} {item['band']:<9} label {item['score']:>3}  offline {p:>3}  {item['note']}")
    return 0 if rho >= MIN_SPEARMAN and mae <= MAX_MAE else 1


if __name__ == "__main__":
    sys.exit(main())
