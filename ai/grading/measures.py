"""What the offline rubric can observe in an answer, measured without judging it.

Every number here is something a reader could verify by looking at the text (a key point's words
are present, a result sentence carries a figure), which is what lets the feedback say exactly
why a score is what it is.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from ai.grading.semantic import Signals
from ai.speech import SPEAKING_WORDS_PER_MINUTE, count_fillers
from ai.text import content_stems, tokenize
from ai.types import QuestionSpec, SpeechMetrics, StarBreakdown

STORY_TYPES = frozenset({"behavioral", "hr", "manager", "situational"})
COVERED = 0.5  # share of a key point's stems (or its STAR concept) an answer must show to count as covering it
CONCEPT_CREDIT = 0.75  # a STAR part present counts as most, not all, of a key point naming it
TOPICAL_DEPTH = 0.25  # share of the reference answer's vocabulary from which an answer is fully on topic


def _cues(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Each STAR part, in English and Russian; hypothetical phrasing ("I'd roll back") counts for situational answers.
_SITUATION = _cues(
    r"\b(when|while|during|once|last (year|spring|summer|autumn|fall|winter|month|week|quarter|sprint))\b",
    r"\b(at|in) (my|our|a) (last|previous|current|first|second|third|summer|university|old)\b",
    r"\b(we had|there was|our (team|company|project|service|product|startup|client))\b",
    r"\b(когда|однажды|в прошлом|на прошлой|на предыдущ|у нас был|в нашей|в моей)",
)
_TASK = _cues(
    r"\b(my (task|goal|job|role|responsibility) was|i was (asked|responsible|assigned|tasked|primary|on call))",
    r"\b(i|we) (had|needed) to\b|\bthe goal was\b|\bdeadline\b|\bwas asked to\b|\b(first|main) goal\b",
    r"(моя задача|мне нужно было|нужно было|я отвечал|цель была|дедлайн|срок)",
)
_ACTION = re.compile(
    r"\b(i|i'd|i would|i will|i'll|first i|then i)\s+(\w+ed|built|sent|spent|went|left|kept|wrote|took|made|ran|"
    r"told|led|found|brought|did|chose|spoke|met|split|go|do|check|talk|ask|tell|look|page|stop|pause|roll|"
    r"revert|push|post|make|write|add|set|bring|start|move|propose|use|try)\b"
    r"|\bя \w+(л|ла|лся|лась)\b|\bя бы\b|\bсначала я\b",
    re.IGNORECASE,
)
_RESULT = _cues(
    r"\b(as a result|the result|resulted|outcome|in the end|eventually|since then|afterwards|after that)\b",
    r"\bfrom then on\b",
    r"\b(reduced|cut|improved|increased|saved|dropped|grew|fell|delivered|merged|shipped|launched|fixed|resolved|"
    r"reverted|restored|recovered|completed|finished|achieved|caught|came (first|second|third)|ended up|"
    r"returned to|went (down|up|live)|passed|got \d+|now works|has since|so that|which means)\b",
    r"(в результате|в итоге|удалось|сократил|снизил|увеличил|ускорил)",
)
_LESSON = _cues(
    r"\b(i learned|i learnt|lesson|takeaway|next time|i realized|i realised|i now)\b", r"(я понял|урок|вывод)"
)
_QUANTITY = re.compile(
    r"\d+(?:[.,]\d+)*|(процент|вдвое|втрое|тысяч|миллион)"
    r"|\b(twice|half|double|triple|percent|hundreds?|thousands?|millions?|two|three|four|five|six|seven|eight|nine|"
    r"ten|dozen)\b",
    re.IGNORECASE,
)
# Technical answers: the parts a strong explanation has.
_COMPLEXITY = _cues(
    r"\bo\(",
    r"\b(complexity|trade-?offs?|logarithmic|linear|constant time|quadratic|latency|throughput|overhead)\b",
    r"\b(cost|costs|slower|downside|drawback|at the expense)\b",  # "faster" alone is a claim, not a trade-off
    r"(сложност|компромисс|недостат|медленн)",
)
_EDGE_CASES = _cues(
    r"\b(edge cases?|corner cases?|empty|null|none|duplicates?|overflow|negative|missing|invalid|fails?|failure)\b",
    r"\bif (there is|there's) no\b|\b(race condition|concurren\w+|timeout|retry|retries)\b",
    r"(граничн|пуст|дубликат|ошибк|сбо)",
)
_EXAMPLE = _cues(
    r"\b(for example|for instance|e\.g\.|such as|say,|imagine|in my (last|previous|current) )",
    r"\b\w{2,}\([^()]*\)|\w+\.\w+\(|\breturn\b|\bdef\b|=",  # code; "O(n)" is complexity, not code
    r"(например|к примеру|допустим)",
)
_STEPS = _cues(
    r"\b(first|firstly|then|next|after that|afterwards|finally|second|secondly|third|before|meanwhile)\b",
    r"(сначала|затем|потом|после этого|в конце|во-первых|во-вторых)",
)
_REASONS = _cues(r"\b(because|so that|since|which means|in order to|otherwise)\b", r"(потому что|чтобы|так как|иначе)")
_HEDGES = _cues(
    r"\b(i think|i guess|maybe|probably|i'm not sure|not sure|i don't (really )?(know|remember)|i suppose|perhaps)\b",
    r"(я думаю|наверное|может быть|не уверен|не помню|кажется)",
)
_NEGATIVE = _cues(
    r"\b(idiot|idiots|stupid|mess|hate|incompetent|useless|sucks|terrible|clueless|lazy|dumb)\b",
    r"(идиот|тупой|бардак|ненавиж|бесполезн)",
)
_GENERIC = _cues(
    r"\b(always|everyone|everything|usually|in general|generally|often)\b",
    r"\b(is (the )?key|is important|is very important)\b",
    r"\b(всегда|все|обычно|важно)\b",
)
_CODE_TERM = re.compile(r"\b[a-z]+[_.][a-z_]+\b")
_PRONOUNS = frozenset({"I", "I'd", "I'm", "I've", "I'll"})
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
# Key-point wording that names a STAR part rather than content: covered when that part is present.
_CONCEPTS: tuple[tuple[re.Pattern[str], str], ...] = (  # first match wins
    (re.compile(r"\bsituation|\bcontext\b|ситуац|контекст", re.I), "situation"),
    (re.compile(r"quantif|measurable|metric|измерим|в цифрах", re.I), "result_quantified"),
    (re.compile(r"\blesson|\blearned\b|урок|вывод", re.I), "lesson"),
    (re.compile(r"\bactions?\b|действи", re.I), "action"),
    (re.compile(r"\b(result|outcome)|результат|итог", re.I), "result"),
)


@dataclass(frozen=True)
class Measures:
    words: int
    expected_words: int
    key_points: tuple[tuple[str, float], ...]  # (key point, share of it shown, 0..1)
    coverage: float  # mean share over the key points
    depth: float  # share of the reference answer's own vocabulary (beyond the question's) the answer uses
    star: StarBreakdown | None  # story questions only
    lesson: bool
    complexity: bool
    edge_cases: bool
    example: bool
    steps: int  # distinct sequencing words: "first", "then", "finally"
    reasons: bool
    quantities: int
    named_terms: int
    fillers: dict[str, int]
    hedges: int
    negative: int
    generic: int  # sweeping claims ("always", "is important"); counted in stories, where they replace the example
    speech: SpeechMetrics | None
    contradicted: tuple[str, ...] = ()  # key points the answer states wrong (ai.grading.semantic.contradictions)

    @property
    def covered(self) -> tuple[str, ...]:
        return tuple(point for point, share in self.key_points if share >= COVERED)

    @property
    def missed(self) -> tuple[str, ...]:
        return tuple(point for point, share in self.key_points if share < COVERED)

    @property
    def filler_rate(self) -> float:
        """Fillers per 100 words."""
        return 100 * sum(self.fillers.values()) / max(self.words, 1)


def _named_terms(sentences: list[str]) -> set[str]:
    """Proper names and code identifiers (Redis, PostgreSQL, select_related): a sign of first-hand detail.

    A capital letter only counts past a sentence's first word, where it is not just grammar.
    """
    terms = {word.strip("()") for sentence in sentences for word in sentence.split()[1:] if word[:1].isupper()}
    terms = {term.rstrip(",;:") for term in terms} - _PRONOUNS
    return terms | {match.group() for sentence in sentences for match in _CODE_TERM.finditer(sentence)}


def _star(text: str, sentences: list[str]) -> StarBreakdown:
    result = bool(_RESULT.search(text))
    return StarBreakdown(
        situation=bool(_SITUATION.search(text)),
        task=bool(_TASK.search(text)),
        action=len(_ACTION.findall(text)) >= 2,
        result=result,
        result_quantified=result and any(_RESULT.search(s) and _QUANTITY.search(s) for s in sentences),
    )


def _key_point_share(point: str, answer: set[str], parts: dict[str, bool], topical: float) -> float:
    """Share of a key point's stems in the answer; or, for a STAR-part key point ("quantified result"),
    credit for that part, scaled by how topical the answer is: a good story about something else
    does not cover "situation with context" for this question."""
    stems = content_stems(point)
    lexical = len(stems & answer) / len(stems) if stems else 0.0
    concept = next((parts[name] for pattern, name in _CONCEPTS if pattern.search(point)), False)
    return max(lexical, CONCEPT_CREDIT * topical if concept else 0.0)


def measure(question: QuestionSpec, text: str, speech: SpeechMetrics | None = None) -> Measures:
    sentences = _SENTENCE.findall(text)
    star = _star(text, sentences)
    lesson = bool(_LESSON.search(text))
    parts = {**asdict(star), "lesson": lesson}
    answer = content_stems(text)
    reference = content_stems(question.sample_answer) - content_stems(question.text)
    depth = len(answer & reference) / len(reference) if reference else None
    topical = 1.0 if depth is None else min(1.0, depth / TOPICAL_DEPTH)
    key_points = tuple((point, _key_point_share(point, answer, parts, topical)) for point in question.key_points)
    coverage = sum(share for _point, share in key_points) / len(key_points) if key_points else 0.0
    return Measures(
        words=len(tokenize(text)),
        expected_words=round(question.expected_duration_seconds * SPEAKING_WORDS_PER_MINUTE / 60),
        key_points=key_points,
        coverage=coverage,
        depth=coverage if depth is None else depth,  # without a reference answer, only the key points tell
        star=star if question.type in STORY_TYPES else None,
        lesson=lesson,
        complexity=bool(_COMPLEXITY.search(text)),
        edge_cases=bool(_EDGE_CASES.search(text)),
        example=bool(_EXAMPLE.search(text)),
        steps=len({match.group().lower() for match in _STEPS.finditer(text)}),
        reasons=bool(_REASONS.search(text)),
        quantities=len(_QUANTITY.findall(text)),
        named_terms=len(_named_terms(sentences)),
        fillers=count_fillers(text),
        hedges=len(_HEDGES.findall(text)),
        negative=len(_NEGATIVE.findall(text)),
        generic=len(_GENERIC.findall(text)) if question.type in STORY_TYPES else 0,
        speech=speech,
    )


def with_semantic_key_points(m: Measures, semantic: Signals) -> Measures:
    """Key points shown in words or in meaning (a paraphrase counts); a contradicted one is not shown at all."""
    meaning = dict(semantic.key_points)
    key_points = tuple(
        (point, 0.0 if point in semantic.contradicted else max(share, meaning.get(point, 0.0)))
        for point, share in m.key_points
    )
    coverage = sum(share for _point, share in key_points) / len(key_points) if key_points else 0.0
    return replace(m, key_points=key_points, coverage=coverage, contradicted=semantic.contradicted)
