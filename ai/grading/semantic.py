"""From an answer to the signals the score is built on: meaning, wording, coherence, contradictions.

- Meaning: the answer's embedding against each key point and the sample answer, each measured
  beyond what the question itself already says (repeating the question earns nothing).
- Wording: overlap with the sample answer's words, so a precise term still counts.
- Coherence: real sentences carry function words ("the", "is", "и", "это"); a word salad or a
  list of keywords does not, and loses the credit its words would otherwise earn.
- Contradictions: a clause that talks about a key point but swaps its complexity or says the
  opposite ("slower" for "faster") does not cover it: right terms, wrong facts.

The weights of the content grade were fitted on the Mohler development split only (benchmarks/
fit_grading.py, cross-validated by assignment); see README "Grading".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ai.grading.embedding import embed, embed_reference
from ai.text import STOPWORDS, content_stems, stem, tokenize
from ai.types import QuestionSpec

# Fitted by benchmarks/fit_grading.py on mohler-dev (0..5 scale); order as in Features.vector().
CONTENT_WEIGHTS: tuple[float, ...] = (0.833, 0.49, 0.929, 0.18, 0.176)
CONTENT_INTERCEPT = 2.666
SCALE = 5.0  # the human graders' scale the weights were fitted on
# The graders were lenient (a mean of 4.1 of 5); an interviewer is not: half their scale is nothing shown.
FLOOR = 2.0

KEY_POINT_FULL = 0.35  # normalized similarity at which a key point counts as fully shown
COHERENT_SHARE = 0.18  # function-word share of ordinary prose from which an answer reads as sentences
INCOHERENT_SHARE = 0.05  # at or below this share, words without sentences: a salad or a keyword list
COHERENCE_MIN_WORDS = 8  # below this a fragment ("push and pop") is terse, not incoherent
CONTRADICTION_COST = 0.8  # share of the content grade lost when every key point is contradicted

# Clauses: sentences, cut again where a conjunction starts a new claim.
_CLAUSE_END = re.compile(
    r"[.!?;\n]+|,?\s+\b(?:and|but|because|whereas|while|so|и|но|а|поэтому|потому что|тогда как)\b\s+", re.I
)
_COMPLEXITY = re.compile(r"o\([^()]{1,20}\)")
# Opposites a candidate may swap while keeping every term: each pair in both directions.
_OPPOSITE_PAIRS = (
    ("faster", "slower"), ("increase", "decrease"), ("increases", "decreases"), ("speeds", "slows"),
    ("constant", "linear"), ("logarithmic", "linear"), ("sorted", "unsorted"), ("before", "after"),
    ("first", "last"), ("mutable", "immutable"), ("synchronous", "asynchronous"), ("more", "less"),
    ("ускоряет", "замедляет"), ("быстрее", "медленнее"), ("увеличивает", "уменьшает"),
    ("логарифмическое", "линейное"), ("постоянное", "линейное"), ("больше", "меньше"),
    ("отсортированном", "неотсортированном"), ("занимает", "экономит"),
)  # fmt: skip
_OPPOSITES: dict[str, set[str]] = {}
for _a, _b in _OPPOSITE_PAIRS:
    _OPPOSITES.setdefault(stem(_a), set()).add(stem(_b))
    _OPPOSITES.setdefault(stem(_b), set()).add(stem(_a))


@dataclass(frozen=True)
class Features:
    key_points: float  # mean normalized similarity of the key points to the answer
    wording: float  # sqrt of the bag-of-words cosine with the sample answer
    depth: float  # sqrt of the share of the sample answer's own stems the answer uses
    length: float  # log(1 + words)
    precision: float  # share of the answer's stems that belong to the question's vocabulary

    def vector(self) -> tuple[float, ...]:
        return (self.key_points, self.wording, self.depth, self.length, self.precision)


@dataclass(frozen=True)
class Signals:
    features: Features
    key_points: tuple[tuple[str, float], ...]  # (key point, share shown 0..1); contradicted ones are 0
    contradicted: tuple[str, ...]
    coherence: float  # 0..1: 1 reads as sentences, 0 is a word salad or a keyword list
    content: float  # 0..1: the fitted content grade, before coherence and contradictions
    grade: float  # 0..1: content, discounted for incoherence and contradictions


def _beyond(similarity: float, baseline: float) -> float:
    """How far ``similarity`` rises above what the question alone reaches, on 0..1 of the remaining room."""
    return (similarity - baseline) / (1 - baseline) if baseline < 1 else 0.0


def _counts(text: str) -> Counter[str]:
    return Counter(token for token in tokenize(text) if token not in STOPWORDS)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return sum(a[t] * b[t] for t in a) / norm if norm else 0.0


def bag_of_words(reference: str, answer: str) -> float:
    """Cosine between the word counts of two texts, stopwords left out."""
    return _cosine(_counts(answer), _counts(reference))


def coherence(text: str) -> float:
    """1 for prose, falling to 0 as function words disappear (sorted keywords, a word salad)."""
    tokens = tokenize(text)
    if len(tokens) < COHERENCE_MIN_WORDS:
        return 1.0
    function_words = sum(token in STOPWORDS for token in tokens)
    share = function_words / len(tokens)
    return min(1.0, max(0.0, (share - INCOHERENT_SHARE) / (COHERENT_SHARE - INCOHERENT_SHARE)))


def contradicts(point: str, clauses: Sequence[str]) -> bool:
    """Whether the answer's clause about ``point`` (the one sharing most of its stems) says the opposite:
    an antonym of one of its words ("slower" for "faster") or another complexity ("O(n)" for "O(1)")."""
    point_stems = content_stems(point)
    shared, clause = max(((len(point_stems & content_stems(c)), c) for c in clauses), default=(0, ""))
    if shared < max(2, len(point_stems) // 2):
        return False  # no clause is about this key point
    stems = {stem(token) for token in tokenize(clause)}
    if any(_OPPOSITES.get(s, set()) & stems and s not in stems for s in point_stems):
        return True
    claimed, expected = set(_COMPLEXITY.findall(clause.lower())), set(_COMPLEXITY.findall(point.lower()))
    return bool(expected and claimed and not expected & claimed)


def content_grade(features: Features) -> float:
    """The fitted linear model on the graders' 0..5 scale, from FLOOR up, as a share of 0..1."""
    raw = CONTENT_INTERCEPT + sum(w * x for w, x in zip(CONTENT_WEIGHTS, features.vector(), strict=True))
    return min(1.0, max(0.0, (raw - FLOOR) / (SCALE - FLOOR)))


def _per_point(question: QuestionSpec, text: str) -> list[float]:
    """Each key point's similarity to the answer beyond its similarity to the question."""
    points = question.key_points or (question.sample_answer,)  # without key points, the sample is the one point
    answer_vector = embed(text)
    question_vector = embed_reference(question.text)
    per_point = []
    for point in points:
        vector = embed_reference(point)
        per_point.append(_beyond(float(vector @ answer_vector), float(vector @ question_vector)))
    return per_point


def beyond_question(question: QuestionSpec, text: str) -> float:
    """How much of the key points' meaning the answer shows beyond the question's own (mean; below 0 is
    further from them than the question is: another subject)."""
    per_point = _per_point(question, text)
    return sum(per_point) / len(per_point)


def _features(question: QuestionSpec, text: str) -> tuple[Features, list[float]]:
    sample = question.sample_answer or " ".join(question.key_points)
    per_point = _per_point(question, text)
    answer_stems = content_stems(text)
    own = content_stems(sample) - content_stems(question.text)
    vocabulary = content_stems(" ".join((question.text, sample, *question.key_points)))
    features = Features(
        key_points=sum(per_point) / len(per_point),
        wording=math.sqrt(bag_of_words(sample, text)),
        depth=math.sqrt(len(answer_stems & own) / len(own)) if own else 0.0,
        length=math.log1p(len(tokenize(text))),
        precision=len(answer_stems & vocabulary) / len(answer_stems) if answer_stems else 0.0,
    )
    return features, per_point


def signals(question: QuestionSpec, text: str) -> Signals:
    """Every signal for one answer; ``text`` is the answer without sentences addressed to the grader."""
    features, per_point = _features(question, text)
    clauses = [c for c in _CLAUSE_END.split(text) if c and c.strip()]
    contradicted = tuple(point for point in question.key_points if contradicts(point, clauses))
    shares = tuple(
        (point, 0.0 if point in contradicted else min(1.0, max(0.0, value / KEY_POINT_FULL)))
        for point, value in zip(question.key_points, per_point, strict=False)
    )
    content = content_grade(features)
    wrong = len(contradicted) / len(question.key_points) if question.key_points else 0.0
    reads = coherence(text)
    return Signals(
        features=features,
        key_points=shares,
        contradicted=contradicted,
        coherence=reads,
        content=content,
        grade=content * reads * (1 - CONTRADICTION_COST * wrong),
    )
