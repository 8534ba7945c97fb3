"""Fit the content grade's weights (ai.grading.semantic.py) on the Mohler development split.

Least squares on the graders' 0..5 scale, cross-validated by assignment: each assignment is
predicted by weights fitted on the other five, so the printed Pearson is what the weights do on
questions they were not fitted on. The weights to ship are then fitted on all six. Never run it on
the held-out assignments.

    .venv/bin/python benchmarks/fit_grading.py --mohler ../shared/grading/mohler-dev.csv
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mohler", default=os.environ.get("GRADING_MOHLER_CSV", ""), required=False)
    args = parser.parse_args()
    if not args.mohler:
        parser.error("pass --mohler PATH or set GRADING_MOHLER_CSV")
    sys.path.insert(0, str(ROOT))
    import numpy as np

    from benchmarks.grading import _setup_django, load_mohler, pearson

    _setup_django()

    from ai import QuestionSpec
    from ai.grading.semantic import SCALE, _features, coherence

    items = load_mohler(Path(args.mohler))
    rows, labels, groups, reads = [], [], [], []
    for item in items:
        q = item.question
        spec = QuestionSpec(
            text=q["text"], type=q["type"], level=q["level"], key_points=tuple(q["key_points"]),
            sample_answer=q["sample_answer"], language=q["language"],
        )  # fmt: skip
        features, _per_point = _features(spec, item.answer)
        rows.append(features.vector())
        labels.append(item.label * SCALE if item.label is not None else 0.0)
        groups.append(item.group)
        reads.append(coherence(item.answer))
    x, y, g = np.array(rows), np.array(labels), np.array(groups)
    design = np.c_[x, np.ones(len(y))]
    predicted = np.zeros(len(y))
    for held_out in sorted(set(groups)):
        train = g != held_out
        weights = np.linalg.lstsq(design[train], y[train], rcond=None)[0]
        predicted[~train] = design[~train] @ weights
        print(f"assignment {held_out}: Pearson {pearson(list(predicted[~train]), list(y[~train])):.3f}")
    print(f"cross-validated Pearson (all held-out predictions): {pearson(list(predicted), list(y)):.3f}")
    weights = np.linalg.lstsq(design, y, rcond=None)[0]
    print("CONTENT_WEIGHTS =", tuple(round(float(w), 3) for w in weights[:-1]))
    print("CONTENT_INTERCEPT =", round(float(weights[-1]), 3))
    print(f"answers read as incoherent (coherence < 1): {sum(r < 1 for r in reads)} of {len(reads)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
