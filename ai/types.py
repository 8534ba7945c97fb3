"""Typed inputs and outputs of the AI layer. Plain frozen dataclasses, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field

CRITERIA = ("clarity", "relevance", "technical_accuracy", "structure", "confidence")


@dataclass(frozen=True)
class QuestionSpec:
    """A bank question as the AI layer sees it."""

    text: str
    type: str  # technical, coding, behavioral, hr, manager, situational
    level: str  # intern, junior, middle, senior
    key_points: tuple[str, ...] = ()
    expected_duration_seconds: int = 120
    sample_answer: str = ""
    tags: tuple[str, ...] = ()
    language: str = "en"


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float


@dataclass(frozen=True)
class Transcript:
    text: str
    words: tuple[Word, ...] = ()
    duration_seconds: float = 0.0  # the recording's length; 0 when unknown
    language: str = ""


@dataclass(frozen=True)
class SpeechMetrics:
    """Computed in code (ai.speech) from a transcript, its word timings and the recording's length.

    None where the figure cannot be known: pace without a duration, pauses without word timings.
    """

    words_per_minute: float | None
    filler_count: int
    fillers: dict[str, int]
    long_pauses: int | None
    longest_pause_seconds: float | None
    duration_seconds: float | None


@dataclass(frozen=True)
class EvaluationInput:
    question: QuestionSpec
    answer_text: str
    language: str = "en"
    speech: SpeechMetrics | None = None
    duration_seconds: float | None = None


@dataclass(frozen=True)
class StarBreakdown:
    situation: bool
    task: bool
    action: bool
    result: bool
    result_quantified: bool


@dataclass(frozen=True)
class Evaluation:
    score: int  # 0-100
    scores: dict[str, int]  # every name in CRITERIA, 0-100
    strengths: tuple[str, ...]
    improvements: tuple[str, ...]
    feedback: str
    covered_key_points: tuple[str, ...] = ()
    missed_key_points: tuple[str, ...] = ()
    star: StarBreakdown | None = None
    gate: str = ""  # "", "empty", "off_topic", "copied_question"
    # Provenance
    provider: str = ""
    model: str = ""
    prompt_version: str = ""
    rubric_version: str = ""
    is_fallback: bool = False


@dataclass(frozen=True)
class GenerationInput:
    type: str
    level: str
    count: int
    topic: str = ""
    job_title: str = ""
    language: str = "en"
    # Bank questions on the topic: few-shot examples for a model, raw material offline.
    examples: tuple[QuestionSpec, ...] = ()
    # Texts the caller already has; generated questions must differ from them.
    avoid: tuple[str, ...] = ()


@dataclass(frozen=True)
class GeneratedQuestion:
    text: str
    type: str
    level: str
    difficulty: int  # 1-5
    tags: tuple[str, ...] = ()
    key_points: tuple[str, ...] = ()
    sample_answer: str = ""
    expected_duration_seconds: int = 120
    language: str = "en"
    model: str = ""


@dataclass(frozen=True)
class FollowUpInput:
    question: QuestionSpec
    answer_text: str
    missed_key_points: tuple[str, ...]
    language: str = "en"


@dataclass(frozen=True)
class TranscriptionInput:
    audio: bytes
    filename: str
    content_type: str = "application/octet-stream"
    language: str = ""


@dataclass(frozen=True)
class Usage:
    """What one provider call cost; reported through ai.events.ai_call_finished."""

    operation: str
    provider: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    latency_ms: float = 0.0
    cached: bool = False
    ok: bool = True
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SkillTerm:
    """One skill of the vocabulary a resume is read against: its canonical name and other spellings."""

    name: str
    aliases: tuple[str, ...] = ()
    category: str = ""


@dataclass(frozen=True)
class RoleProfile:
    name: str
    expected_skills: tuple[str, ...]


@dataclass(frozen=True)
class ResumeAnalysisInput:
    text: str
    # The caller resolves the user's target role against ``roles``; "" when none matched.
    target_role: str = ""
    expected_skills: tuple[str, ...] = ()
    vocabulary: tuple[SkillTerm, ...] = ()
    roles: tuple[RoleProfile, ...] = ()
    language: str = "en"


@dataclass(frozen=True)
class ResumeAnalysis:
    summary: str
    skills: tuple[str, ...]
    years_of_experience: float | None
    strengths: tuple[str, ...]
    gaps: tuple[str, ...]
    suggested_roles: tuple[str, ...]
    sections: tuple[str, ...] = ()
    provider: str = ""
    model: str = ""
    prompt_version: str = ""


@dataclass(frozen=True)
class RoadmapInput:
    goal: str
    level: str = ""
    skills: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()
    weak_criteria: tuple[str, ...] = ()  # weakest first
    weak_topics: tuple[str, ...] = ()  # weakest first
    # Titles already completed in an earlier plan: not planned again.
    completed: tuple[str, ...] = ()
    weeks: int = 6
    language: str = "en"


@dataclass(frozen=True)
class RoadmapItem:
    title: str
    description: str
    due_week: int  # 1-based
    resources: tuple[str, ...] = ()
    topic: str = ""


@dataclass(frozen=True)
class Roadmap:
    goal: str
    items: tuple[RoadmapItem, ...]
    provider: str = ""
    model: str = ""
    prompt_version: str = ""


@dataclass(frozen=True)
class ChatMessage:
    role: str  # "user" or "assistant"
    content: str


@dataclass(frozen=True)
class CoachFacts:
    """What the coach may rely on about the user; it must not invent anything beyond these."""

    name: str = ""
    target_role: str = ""
    level: str = ""
    skills: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()
    resume_summary: str = ""
    weak_criteria: tuple[str, ...] = ()
    recent_results: tuple[str, ...] = ()  # one line per recent interview
    due_reviews: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChatInput:
    message: str
    facts: CoachFacts
    history: tuple[ChatMessage, ...] = ()  # oldest first, already windowed by the caller
    language: str = "en"


@dataclass(frozen=True)
class ChatReply:
    content: str
    provider: str = ""
    model: str = ""
    prompt_version: str = ""


@dataclass(frozen=True)
class CodeReviewInput:
    """A code answer after its hidden tests ran: the reviewer judges quality, the tests judged correctness."""

    question: QuestionSpec
    programming_language: str  # python, javascript
    code: str
    tests_passed: int
    tests_total: int
    # What failed, named without the hidden inputs: "hidden test 3: wrong answer".
    failing: tuple[str, ...] = ()
    # Static analysis findings (sandbox.quality.FINDINGS) and the highest cyclomatic complexity.
    findings: tuple[str, ...] = ()
    complexity: int = 1
    static_score: int = 100
    language: str = "en"  # of the feedback


@dataclass(frozen=True)
class CodeReview:
    score: int  # 0-100, quality only
    strengths: tuple[str, ...]
    improvements: tuple[str, ...]
    feedback: str
    provider: str = ""
    model: str = ""
    prompt_version: str = ""


@dataclass(frozen=True)
class JobRequirementsInput:
    """A job as the user described it; ``vocabulary`` and ``roles`` are the skills catalog."""

    job_title: str = ""
    job_description: str = ""
    skills: tuple[str, ...] = ()
    vocabulary: tuple[SkillTerm, ...] = ()
    roles: tuple[RoleProfile, ...] = ()
    language: str = "en"


@dataclass(frozen=True)
class JobRequirements:
    """What the role asks for: skills (canonical vocabulary names first), a seniority signal and a domain."""

    skills: tuple[str, ...]
    seniority: str = ""  # "", intern, junior, middle, senior
    domain: str = ""  # a known role ("backend developer") or ""
    provider: str = ""
    model: str = ""
    prompt_version: str = ""
