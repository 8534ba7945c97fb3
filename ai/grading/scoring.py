"""From measures to criterion scores, with expectations that rise with the candidate's level.

Each criterion is a weighted mix of "credits": how much of what this level is expected to show
the answer shows, capped at 1. The same answer earns less from a senior's stricter expectations.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai.grading.gate import without_grader_instructions
from ai.grading.measures import Measures, measure, with_semantic_key_points
from ai.grading.semantic import signals
from ai.rubric import clamp, overall_score
from ai.types import CRITERIA, QuestionSpec, SpeechMetrics, StarBreakdown


@dataclass(frozen=True)
class Expectations:
    coverage: float  # mean share of the key points shown
    depth: float  # share of the reference answer's own vocabulary used
    length: float  # share of the expected speaking time (at 130 words per minute)
    specifics: int  # concrete details: figures, names of tools, people, places
    strictness: float  # exponent on the content grade: above 1, a partial answer earns less


LEVELS: dict[str, Expectations] = {
    "intern": Expectations(coverage=0.45, depth=0.35, length=0.40, specifics=3, strictness=0.75),
    "junior": Expectations(coverage=0.55, depth=0.40, length=0.45, specifics=4, strictness=1.0),
    "middle": Expectations(coverage=0.60, depth=0.45, length=0.50, specifics=5, strictness=1.3),
    "senior": Expectations(coverage=0.70, depth=0.50, length=0.55, specifics=6, strictness=1.6),
}
STAR_WEIGHTS = {"situation": 0.2, "task": 0.15, "action": 0.3, "result": 0.2, "result_quantified": 0.15}
# Passing the gate means the answer is on the question: that alone sets it above an empty or off-topic one.
ATTEMPT = 0.2
CONTENT_CRITERIA = frozenset({"relevance", "technical_accuracy"})
DELIVERY_SPREAD = 0.05  # how far structure, clarity and confidence may stray from the content grade
CONTENT_SHARE = 1.0  # of relevance and accuracy that comes from meaning rather than matching words
TOO_LONG = 1.6  # times the expected length: rambling starts to cost clarity
HEALTHY_PACE = (110.0, 170.0)  # words per minute


def expectations(level: str) -> Expectations:
    """An unknown level is judged as middle: neither lenient nor strict."""
    return LEVELS.get(level, LEVELS["middle"])


def credit(value: float, needed: float) -> float:
    return min(1.0, value / needed) if needed > 0 else 1.0


def star_share(star: StarBreakdown) -> float:
    return sum(weight for name, weight in STAR_WEIGHTS.items() if getattr(star, name))


def _structure(m: Measures) -> float:
    if m.star is not None:
        # A plan with steps and reasons is also a structure: hr and situational answers rarely tell a story.
        return max(star_share(m.star), 0.25 * min(m.steps, 3) + 0.25 * bool(m.reasons))
    return 0.25 + 0.25 * m.complexity + 0.25 * m.edge_cases + 0.25 * m.example


def _delivery_penalty(m: Measures) -> float:
    """Share of confidence lost to fillers, hedges, and (for spoken answers) pace and long pauses."""
    penalty = min(0.4, 0.04 * m.filler_rate) + min(0.3, 0.1 * m.hedges)
    if m.speech is not None:  # a figure that is not known (None) costs nothing
        low, high = HEALTHY_PACE
        if (pace := m.speech.words_per_minute) is not None:
            penalty += min(0.2, max(low - pace, pace - high, 0.0) / 100)
        penalty += min(0.2, 0.05 * (m.speech.long_pauses or 0))
    return penalty


def criterion_scores(m: Measures, level: str, *, content: float, coherence: float) -> dict[str, float]:
    """Every criterion in ai.types.CRITERIA on a 0..100 scale (not yet rounded).

    ``content`` (0..1) is the semantic grade of what the answer says (ai.grading); ``coherence`` (0..1)
    how far it reads as sentences: words without sentences earn no structure or clarity.
    """
    need = expectations(level)
    content = content**need.strictness
    coverage = credit(m.coverage, need.coverage)
    depth = credit(m.depth, need.depth)
    specifics = credit(m.quantities + m.named_terms, need.specifics)
    length = credit(m.words / max(m.expected_words, 1), need.length)
    rambling = max(0.0, m.words / max(m.expected_words, 1) - TOO_LONG)
    unprofessional = min(1.0, 0.3 * m.negative)
    lexical = (0.5 * coverage + 0.5 * depth) * coherence
    relevance = CONTENT_SHARE * content + (1 - CONTENT_SHARE) * lexical
    # Structure, detail and delivery only count as far as the answer is about the question.
    on_topic = min(1.0, 0.3 + relevance) * coherence
    scores = {
        "relevance": relevance - unprofessional,
        "technical_accuracy": CONTENT_SHARE * content
        + (1 - CONTENT_SHARE) * on_topic * (0.5 * depth + 0.5 * specifics),
        "structure": on_topic * (0.7 * _structure(m) + 0.3 * length),
        "clarity": on_topic * (0.5 * length + 0.5 * specifics) - min(0.3, 0.05 * m.generic) - rambling - unprofessional,
        "confidence": on_topic * (0.4 + 0.6 * length),
    }
    # Delivery moves a score around its substance, never far from it: a fluent answer that says little is
    # still an answer that says little, and a terse right answer is still right.
    low, high = content - DELIVERY_SPREAD, content + DELIVERY_SPREAD
    scores = {name: value if name in CONTENT_CRITERIA else min(max(value, low), high) for name, value in scores.items()}
    # Fillers, hedges, pace and pauses are heard, whatever was said: they cost confidence after the bounds.
    scores["confidence"] *= 1 - _delivery_penalty(m)
    return {name: 100 * max(0.0, ATTEMPT + (1 - ATTEMPT) * value) for name, value in scores.items()}


@dataclass(frozen=True)
class Graded:
    """The rubric's numbers for an answer that passed the gate, before any wording."""

    score: int
    scores: dict[str, int]
    measures: Measures
    addressed_grader: bool


def grade(question: QuestionSpec, answer_text: str, speech: SpeechMetrics | None) -> Graded:
    """Score an answer on meaning (ai.grading.semantic) and what the text shows, criterion by criterion.

    Sentences aimed at the grader are not interview content: they neither earn nor cost points. The
    offline provider words these numbers as feedback; the OpenAI provider caps a swayable model by them.
    """
    text, addressed_grader = without_grader_instructions(answer_text)
    semantic = signals(question, text)
    measures = with_semantic_key_points(measure(question, text, speech), semantic)
    raw = criterion_scores(measures, question.level, content=semantic.grade, coherence=semantic.coherence)
    scores = {name: clamp(raw[name]) for name in CRITERIA}
    return Graded(score=overall_score(scores), scores=scores, measures=measures, addressed_grader=addressed_grader)
