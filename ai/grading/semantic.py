"""From an answer to the signals the score is built on: meaning, wording, coherence, contradictions.

- Meaning: the answer's embedding against each key point and the sample answer, each measured
  beyond what the question itself already says (repeating the question earns nothing).
- Wording: overlap with the sample answer's words, so a precise term still counts.
- Coherence: real sentences carry function words ("the", "is", "и", "это"); a word salad or a
  list of keywords does not, and loses the credit its words would otherwise earn.
- Contradictions: a clause of a technical answer that talks about a fact of the reference but says
  the opposite ("slower" for "faster"), another complexity ("O(n)" for "O(1)") or another case
  ("worst" for "average") is a wrong claim: right terms, wrong facts. Wrong claims cost more of the
  grade than missing ones, and the key points they contradict count as not shown.
- Restatement: an answer in nothing but the question's own words shows nothing.

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
LINKED = 2  # stems a clause shares with a reference clause (an opposite or another complexity counts) to be about it
# A wrong fact is worse than a missing one: an answer a third of whose claims are wrong keeps a third of its grade.
CONTRADICTION_COST = 2.0
# An answer in the question's own words only ("a hash table is a table with hashes") shows nothing the question
# did not say. On mohler-dev such answers got half the grade the fitted model gives them (2.5 of 5 on average).
RESTATEMENT = 0.5
FACTUAL_TYPES = frozenset({"technical", "coding"})  # answers whose claims can be checked against the reference

# Clauses: sentences, cut again where a conjunction starts a new claim ("and"/"и" only after a comma: "insert and
# delete" is one claim).
_CLAUSE_END = re.compile(
    r"[.!?;\n]+|,?\s+\b(?:but|because|whereas|while|но|поэтому|потому что|тогда как)\b\s+|,\s+(?:and|so|и|а)\s+", re.I
)
_COMPLEXITY = re.compile(r"o\([^()]{1,20}\)")
# Opposites a candidate may swap while keeping every term: each pair in both directions.
_OPPOSITE_PAIRS = (
    ("faster", "slower"), ("increase", "decrease"), ("increases", "decreases"), ("speeds", "slows"),
    ("constant", "linear"), ("logarithmic", "linear"), ("sorted", "unsorted"), ("before", "after"),
    ("first", "last"), ("mutable", "immutable"), ("synchronous", "asynchronous"), ("more", "less"),
    ("larger", "smaller"), ("higher", "lower"), ("stable", "unstable"), ("safe", "unsafe"),
    ("shared", "private"), ("always", "never"), ("top", "bottom"), ("lifo", "fifo"),
    ("ускоряет", "замедляет"), ("быстрее", "медленнее"), ("увеличивает", "уменьшает"),
    ("логарифмическое", "линейное"), ("постоянное", "линейное"), ("больше", "меньше"),
    ("отсортированном", "неотсортированном"), ("занимает", "экономит"), ("первым", "последним"),
    ("изменяемый", "неизменяемый"), ("синхронно", "асинхронно"), ("выше", "ниже"),
)  # fmt: skip
_OPPOSITES: dict[str, set[str]] = {}
for _a, _b in _OPPOSITE_PAIRS:
    _OPPOSITES.setdefault(stem(_a), set()).add(stem(_b))
    _OPPOSITES.setdefault(stem(_b), set()).add(stem(_a))
# A claim about one case stated for another: "constant in the worst case" for "constant on average".
_CASES = {stem(word): case for case, words in {
    "average": ("average", "amortized", "среднем", "амортизированно"),
    "worst": ("worst", "худшем"),
    "best": ("best", "лучшем"),
    "every": ("always", "всегда"),  # "always linear" is wrong where only the worst case is
}.items() for word in words}  # fmt: skip


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


def clauses(text: str) -> list[str]:
    """The text's claims, one clause each."""
    return [clause.strip() for clause in _CLAUSE_END.split(text) if clause and clause.strip()]


@dataclass(frozen=True)
class _Claim:
    """What one clause states, as far as words show it."""

    text: str
    content: frozenset[str]  # content stems
    words: frozenset[str]  # every stem, function words included ("more", "before")
    complexities: frozenset[str]  # "o(n)", "o(logn)"
    cases: frozenset[str]  # "average", "worst", "best"

    @classmethod
    def of(cls, text: str) -> _Claim:
        stems = [stem(token) for token in tokenize(text)]
        return cls(
            text=text,
            content=frozenset(content_stems(text)),
            words=frozenset(stems),
            complexities=frozenset(_COMPLEXITY.findall(text.lower().replace(" squared", "^2"))),
            cases=frozenset(_CASES[s] for s in stems if s in _CASES),
        )

    def opposes(self, other: _Claim) -> bool:
        """Says the opposite of one of ``other``'s words ("slower" where it says "faster"), and neither
        clause says both ("list is mutable, tuple is immutable" opposes nothing)."""
        return any(
            s not in self.words and any(o in self.words and o not in other.words for o in _OPPOSITES.get(s, ()))
            for s in other.words
        )

    def contradicts(self, other: _Claim) -> bool:
        """States the opposite of ``other``: an antonym ("slower" for "faster"), another complexity
        ("O(n)" for "O(1)") or another case ("in the worst case" for "on average").

        A denial ("not", "cannot", "не") is no evidence by itself: on the Mohler development split it
        flagged 80 answers, almost all right ones saying the reference another way ("cannot be used
        outside the function" for "can only be accessed inside it").
        """
        return (
            self.opposes(other)
            or other.opposes(self)
            or bool(self.complexities and other.complexities and not self.complexities & other.complexities)
            or bool(self.cases and other.cases and not self.cases & other.cases)
        )


def _link(claim: _Claim, other: _Claim, known: frozenset[str]) -> int:
    """How far a clause is about the fact a reference clause states: shared content stems and cases, where
    an opposite word counts as shared ("linear time" is about "constant time", stated wrong), and so does
    another complexity, unless the claim's complexity is one the reference states about something else."""
    return (
        len(claim.content & other.content)
        + len(claim.cases & other.cases)
        + (claim.opposes(other) or other.opposes(claim))
        + bool(claim.complexities - known and other.complexities)
    )


def _closest(claim: _Claim, reference: Sequence[_Claim], known: frozenset[str]) -> list[_Claim]:
    """The reference clauses ``claim`` is most about (ties kept), if any shares enough with it."""
    links = [_link(claim, r, known) for r in reference]
    most = max(links, default=0)
    return [r for r, link in zip(reference, links, strict=True) if link == most] if most >= LINKED else []


def contradictions(question: QuestionSpec, text: str) -> tuple[tuple[str, ...], float]:
    """The key points the answer states wrong, and the share of its claims that contradict the reference.

    Each answer clause is compared with the reference clause (sample-answer clause or key point) it is
    most about; it contradicts it when it swaps a word for its opposite, a complexity or a case for another
    ("always" for "in the worst case"). A clause about none of them is no claim either way. Only technical
    and coding answers state facts the reference can check.
    """
    if question.type not in FACTUAL_TYPES:
        return (), 0.0  # a story's "we had no standard" is no claim about the reference
    points = [_Claim.of(point) for point in question.key_points]
    # The sample's clauses first: on a tie, a clause is compared with the sample's way of saying it.
    reference = [_Claim.of(clause) for clause in clauses(question.sample_answer)] + points
    known = frozenset().union(*(r.complexities for r in reference))
    wrong_points: set[str] = set()
    claims = wrong = 0
    for clause in clauses(text):
        claim = _Claim.of(clause)
        closest = _closest(claim, reference, known)
        if not closest:
            continue
        claims += 1
        if claim.contradicts(closest[0]):
            wrong += 1
            wrong_points.update(p.text for p in _closest(claim, points, known) if claim.contradicts(p))
    return tuple(p for p in question.key_points if p in wrong_points), wrong / claims if claims else 0.0


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
    contradicted, wrong = contradictions(question, text)
    shares = tuple(
        (point, 0.0 if point in contradicted else min(1.0, max(0.0, value / KEY_POINT_FULL)))
        for point, value in zip(question.key_points, per_point, strict=False)
    )
    content = content_grade(features)
    reads = coherence(text)
    restates = not content_stems(text) - content_stems(question.text)
    return Signals(
        features=features,
        key_points=shares,
        contradicted=contradicted,
        coherence=reads,
        content=content,
        grade=content * reads * max(0.0, 1 - CONTRADICTION_COST * wrong) * (RESTATEMENT if restates else 1.0),
    )
