"""How far a grading provider agrees with people who graded the answers, beside plain word overlap.

Runs the configured provider (the offline grader without ``OPENAI_API_KEY``, OpenAI with it) over:

- the Mohler short-answer development split (``--mohler PATH`` or ``GRADING_MOHLER_CSV``; research
  data kept outside the repository): the instructor's answer is the sample answer, its sentences
  the key points, every question a junior technical one;
- ``benchmarks/data/calibration.json``, labelled by the authors of the grader;
- ``benchmarks/data/adversarial.json``: cheating answers in English and Russian, each with the band
  its score must land in.

For each labelled set it prints Pearson, Spearman and quadratic weighted kappa (scores on the 0-5
scale of the labels) with bootstrap 95% intervals, the same for a bag-of-words cosine against the
sample answer computed in the same run, the same per criterion where a set labels criteria (an item's
``scores``; none of the three sets does yet, and the output says so), the time per answer (overall,
and once its question's key points are cached) and the process's peak memory.

    .venv/bin/python benchmarks/grading.py --mohler ../shared/grading/mohler-dev.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import math
import os
import random
import re
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CALIBRATION = ROOT / "benchmarks" / "data" / "calibration.json"
ADVERSARIAL = ROOT / "benchmarks" / "data" / "adversarial.json"
BANK = ROOT / "questions" / "data" / "question_bank.json"
BOOTSTRAP_SAMPLES = 1000
TARGET_PEARSON, TARGET_MARGIN = 0.55, 0.1
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")


@dataclass(frozen=True)
class Item:
    """One graded answer: the question it answers, and its human label on a 0..1 scale (None if unlabelled)."""

    question: dict[str, Any]
    answer: str
    label: float | None
    group: str  # the unit of cross-validation (a Mohler assignment, a calibration question)
    band: tuple[int, int] | None = None
    case: str = ""
    criteria: dict[str, float] = field(default_factory=dict)  # per-criterion labels, 0..1, where the set has them


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks; tied values share the mean of the ranks they span."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    spread = math.sqrt(sum((x - mean_x) ** 2 for x in xs) * sum((y - mean_y) ** 2 for y in ys))
    return covariance / spread if spread else 0.0


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    return pearson(average_ranks(xs), average_ranks(ys))


def quadratic_kappa(xs: Sequence[float], ys: Sequence[float], grades: int = 6) -> float:
    """Cohen's kappa with quadratic weights, both sides rounded to whole grades 0..grades-1 of a 0..1 scale."""
    a = [round(x * (grades - 1)) for x in xs]
    b = [round(y * (grades - 1)) for y in ys]
    n = len(a)
    observed = Counter(zip(a, b, strict=True))
    hist_a, hist_b = Counter(a), Counter(b)
    disagreement = chance = 0.0
    for i in range(grades):
        for j in range(grades):
            weight = (i - j) ** 2 / (grades - 1) ** 2
            disagreement += weight * observed[i, j] / n
            chance += weight * hist_a[i] * hist_b[j] / n / n
    return 1 - disagreement / chance if chance else 0.0


Metric = Callable[[Sequence[float], Sequence[float]], float]
METRICS: dict[str, Metric] = {"pearson": pearson, "spearman": spearman, "qwk": quadratic_kappa}


def bootstrap(metric: Metric, xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float]:
    """The metric and its 95% percentile interval over resampled answers (seeded: runs are comparable)."""
    rng = random.Random(13)
    n = len(xs)
    values = []
    for _ in range(BOOTSTRAP_SAMPLES):
        picks = [rng.randrange(n) for _ in range(n)]
        values.append(metric([xs[i] for i in picks], [ys[i] for i in picks]))
    values.sort()
    return metric(xs, ys), values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]


def load_mohler(path: Path) -> list[Item]:
    items = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            reference = row["desired_answer"].strip()
            question = {
                "text": row["question"].strip(),
                "type": "technical",
                "level": "junior",
                "language": "en",
                "expected_duration_seconds": 60,
                "sample_answer": reference,
                "key_points": [s.strip() for s in _SENTENCE.findall(reference) if s.strip()],
                "tags": [],
            }
            group = row["id"].split(".")[0]
            items.append(Item(question, row["student_answer"], float(row["score_avg"]) / 5, group))
    return items


def load_calibration() -> list[Item]:
    bank = {question["slug"]: question for question in json.loads(BANK.read_text())}
    return [
        Item(
            bank[item["question_slug"]],
            item["answer"],
            item["score"] / 100,
            item["question_slug"],
            criteria={name: score / 100 for name, score in item.get("scores", {}).items()},
        )
        for item in json.loads(CALIBRATION.read_text())
    ]


def load_adversarial() -> list[Item]:
    data = json.loads(ADVERSARIAL.read_text())
    return [
        Item(
            data["questions"][case["question"]], case["answer"], None, case["question"], tuple(case["band"]), case["id"]
        )
        for case in data["cases"]
    ]


def _setup_django() -> None:
    """gettext (feedback text) needs configured settings; the graders themselves need nothing else."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewprep.settings.test")
    import django

    django.setup()
    logging.getLogger("ai.events").setLevel(logging.WARNING)  # one line per call would drown the figures
    from ai.events import ai_call_finished

    # Analytics records each AI call in MongoDB, which a benchmark run has none of: every answer would wait
    # out the write timeout and log a traceback, and both would count in its time.
    ai_call_finished.disconnect(dispatch_uid="analytics.ai_call_finished")


@dataclass(frozen=True)
class Timing:
    mean_ms: float
    median_ms: float
    p95_ms: float
    cpu_ms: float  # processor time per answer: what the answer costs, whatever else the machine is running
    words: float  # mean words per answer: the model's time grows with the text
    reference_texts: int  # question-side texts embedded before the answers (offline provider)
    reference_ms: float


def _embed_question_side(items: list[Item]) -> int:
    """Embed every question's text and key points, as a worker has after its first answer to each question:
    they are embedded once per process, so they are timed apart from the answers."""
    from ai.grading.embedding import embed_reference

    texts = {text for item in items for text in (item.question["text"], *item.question["key_points"])}
    texts |= {item.question["sample_answer"] for item in items if not item.question["key_points"]}
    for text in texts:
        embed_reference(text)
    return len(texts)


def grade(items: list[Item]) -> tuple[list[Any], Timing]:
    """Every item's evaluation by the configured provider, and how long each took."""
    from ai import EvaluationInput, QuestionSpec, get_provider

    provider = get_provider()
    fields = ("text", "type", "level", "expected_duration_seconds", "sample_answer", "language")
    started = time.perf_counter()
    reference_texts = _embed_question_side(items) if provider.name == "offline" else 0
    reference_ms = 1000 * (time.perf_counter() - started)
    evaluations, times = [], []
    cpu_started = time.process_time()
    for item in items:
        q = item.question
        spec = QuestionSpec(
            **{name: q[name] for name in fields}, key_points=tuple(q["key_points"]), tags=tuple(q["tags"])
        )
        started = time.perf_counter()
        evaluations.append(provider.evaluate_answer(EvaluationInput(question=spec, answer_text=item.answer)))
        times.append(1000 * (time.perf_counter() - started))
    cpu_ms = 1000 * (time.process_time() - cpu_started) / len(items)
    timing = Timing(
        mean_ms=statistics.fmean(times),
        median_ms=statistics.median(times),
        p95_ms=sorted(times)[int(0.95 * (len(times) - 1))],
        cpu_ms=cpu_ms,
        words=sum(len(item.answer.split()) for item in items) / len(items),
        reference_texts=reference_texts,
        reference_ms=reference_ms,
    )
    return evaluations, timing


def _timing(name: str, count: int, timing: Timing) -> None:
    print(f"\n{name}: {count} answers, {timing.words:.0f} words on average")
    print(
        f"  ms per answer: {timing.mean_ms:.1f} mean, {timing.median_ms:.1f} median, {timing.p95_ms:.1f} p95,"
        f" {timing.cpu_ms:.1f} processor"
        + (
            f" (the questions' {timing.reference_texts} texts and key points embedded beforehand, once per process:"
            f" {timing.reference_ms / max(timing.reference_texts, 1):.1f} ms each)"
            if timing.reference_texts
            else ""
        )
    )


def _agreement(predicted: list[float], labels: list[float], baseline: list[float] | None = None) -> dict[str, float]:
    """Each metric with its interval, beside the bag-of-words baseline's when one is given."""
    figures = {}
    for metric_name, metric in METRICS.items():
        value, low, high = bootstrap(metric, predicted, labels)
        figures[metric_name] = value
        line = f"  {metric_name:<9} grader {value:6.3f} [{low:6.3f}, {high:6.3f}]"
        if baseline is not None:
            base, base_low, base_high = bootstrap(metric, baseline, labels)
            figures[f"baseline_{metric_name}"] = base
            line += f"   bag-of-words {base:6.3f} [{base_low:6.3f}, {base_high:6.3f}]"
        print(line)
    return figures


def report_labelled(name: str, items: list[Item]) -> dict[str, float]:
    evaluations, timing = grade(items)
    labels = [item.label for item in items if item.label is not None]
    predicted = [e.score / 100 for e in evaluations]
    from ai.grading.semantic import bag_of_words

    baseline = [bag_of_words(item.question["sample_answer"], item.answer) for item in items]
    _timing(name, len(items), timing)
    print("  overall score")
    figures = _agreement(predicted, labels, baseline)
    labelled = sorted({criterion for item in items for criterion in item.criteria})
    if not labelled:
        print("  per criterion: this set labels only the overall score, no criterion")
    for criterion in labelled:
        pairs = [
            (e.scores[criterion] / 100, item.criteria[criterion])
            for e, item in zip(evaluations, items, strict=True)
            if criterion in item.criteria
        ]
        print(f"  {criterion} ({len(pairs)} labelled)")
        _agreement([p for p, _ in pairs], [label for _, label in pairs])
    return figures


def report_adversarial(items: list[Item]) -> int:
    evaluations, timing = grade(items)
    failures = 0
    _timing("adversarial", len(items), timing)
    for item, evaluation in zip(items, evaluations, strict=True):
        assert item.band is not None
        low, high = item.band
        ok = low <= evaluation.score <= high
        failures += not ok
        mark = "ok  " if ok else "FAIL"
        print(f"  {mark} {item.case:<32} {evaluation.score:>3} in [{low}, {high}]  {evaluation.gate or ''}")
    print(f"  {len(items) - failures}/{len(items)} in their band")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mohler", default=os.environ.get("GRADING_MOHLER_CSV", ""), help="mohler-dev.csv")
    args = parser.parse_args()
    _setup_django()
    from ai import get_provider

    provider = get_provider()
    print(f"provider {provider.name}; {os.cpu_count()} CPUs")
    failed = False
    if args.mohler:
        figures = report_labelled("mohler-dev", load_mohler(Path(args.mohler)))
        target = max(TARGET_PEARSON, figures["baseline_pearson"] + TARGET_MARGIN)
        print(f"  target Pearson >= {target:.3f}: {'met' if figures['pearson'] >= target else 'NOT met'}")
        failed |= figures["pearson"] < target
    else:
        print("mohler-dev skipped: pass --mohler PATH or set GRADING_MOHLER_CSV")
    report_labelled("calibration", load_calibration())
    failed |= report_adversarial(load_adversarial()) > 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process: {peak:.0f} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
