"""The question plan: what a job asks for, and bank questions ranked by how well they cover it.

Requirements come from the AI layer (OpenAI's structured output, or the offline reading of the
skills vocabulary). Ranking happens in one function, ``question_relevance``: today it matches
requirement names against a question's tags and text; a semantic similarity can join it there
as one more term without touching selection.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from ai import AIError, JobRequirements, JobRequirementsInput, SkillTerm, get_provider
from ai.providers.offline import OfflineProvider
from ai.providers.offline.resume import skills_in
from interviews.candidates import candidate_source
from kernel.api import ratelimit
from questions.models import Question
from questions.selectors import DIFFICULTY_PREFERENCE, questions_for_interview

logger = logging.getLogger(__name__)

# Candidates drawn per question wanted: enough for coverage to choose from, few enough to stay cheap.
POOL_FACTOR = 4
# Weights of what a question adds to the plan (see question_relevance).
WEIGHT_REQUIREMENT = 3.0
WEIGHT_GAP = 2.0
WEIGHT_DUE = 1.0
WEIGHT_REPEAT = 0.5  # a requirement another pick already covers still counts a little
PENALTY_SEEN = 2.5
PENALTY_OTHER_LANGUAGE = 1.5
PENALTY_OTHER_LEVEL = 0.5
_DIFFICULTY_RANK = {difficulty: rank for rank, difficulty in enumerate(DIFFICULTY_PREFERENCE)}


@dataclass(frozen=True)
class PlanSignals:
    """What the plan serves: the job's requirements, the resume's gaps, the topics due for review."""

    requirements: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()
    due_topics: tuple[str, ...] = ()
    vocabulary: tuple[SkillTerm, ...] = ()
    level: str = ""
    language: str = "en"
    seen_ids: frozenset[Any] = field(default_factory=frozenset)


@dataclass(frozen=True)
class PlannedQuestion:
    question: Question
    reason: str
    covers: tuple[str, ...] = ()


def requirements_extract(*, user: User, job_title: str, job_description: str, skills: Iterable[str]) -> JobRequirements:
    """The job's requirements; an unavailable provider falls back to the offline reading, so a
    start never fails for it. Reading a job may call the model, so it counts against the AI rate limit."""
    skills = tuple(skills)
    if not (job_title.strip() or job_description.strip() or skills):
        return JobRequirements(skills=())
    vocabulary, roles = candidate_source().skills_catalog()
    data = JobRequirementsInput(
        job_title=job_title,
        job_description=job_description,
        skills=skills,
        vocabulary=vocabulary,
        roles=roles,
        language=user.language or "en",
    )
    ratelimit.ai_call_enforce(group="job_reading", user_id=user.pk)
    try:
        return get_provider().extract_requirements(data)
    except AIError as exc:
        logger.warning("requirement extraction failed, reading the job offline: %s", exc)
        return OfflineProvider().extract_requirements(data)


def plan_signals(
    *, user: User, requirements: Iterable[str], level: str, language: str, seen_ids: Iterable[Any]
) -> PlanSignals:
    """Requirements with the user's resume gaps (the job's skills their resume lacks, then the
    analysis' gaps for their target role) and the spaced-repetition topics due now."""
    wanted = tuple(dict.fromkeys(requirements))
    candidate = candidate_source()
    have = {skill.casefold() for skill in candidate.resume_skills(user=user)}
    job_gaps = [skill for skill in wanted if have and skill.casefold() not in have]
    vocabulary, _roles = candidate.skills_catalog()
    return PlanSignals(
        requirements=wanted,
        gaps=tuple(dict.fromkeys((*job_gaps, *candidate.resume_gaps(user=user)))),
        due_topics=tuple(candidate.practice_topics_due(user=user)),
        vocabulary=vocabulary,
        level=level,
        language=language,
        seen_ids=frozenset(seen_ids),
    )


def question_topics(*, question: Question, names: Iterable[str], vocabulary: Iterable[SkillTerm]) -> set[str]:
    """Which of ``names`` (skills or tags, returned as given) the question is about: a tag equal to the
    skill's name or one of its spellings, slugified ("Spring Boot" and "spring-boot"), or a mention in its text."""
    known = {term.name.casefold(): term for term in vocabulary}
    terms = {name: known.get(name.casefold(), SkillTerm(name=name)) for name in names}
    tags = set(question.tags)
    mentioned = set(skills_in(question.text, terms.values()))
    return {
        name
        for name, term in terms.items()
        if {slugify(spelling) for spelling in (term.name, *term.aliases)} & tags or term.name in mentioned
    }


def question_relevance(
    *, question: Question, signals: PlanSignals, covered: set[str]
) -> tuple[float, tuple[str, ...], str]:
    """What asking ``question`` adds to a plan that already covers ``covered``: a score, the
    requirements and gaps it covers, and the reason to show. The one place questions are ranked."""
    topics = question_topics(
        question=question, names=(*signals.requirements, *signals.gaps), vocabulary=signals.vocabulary
    )
    new = [name for name in signals.requirements if name in topics and name not in covered]
    gaps = [name for name in signals.gaps if name in topics and name not in covered]
    due = [topic for topic in signals.due_topics if topic in question.tags]
    repeated = [name for name in signals.requirements if name in topics and name in covered]
    score = (
        WEIGHT_REQUIREMENT * len(new)
        + WEIGHT_GAP * len(gaps)
        + WEIGHT_DUE * len(due)
        + WEIGHT_REPEAT * len(repeated)
        - PENALTY_SEEN * (question.pk in signals.seen_ids)
        - PENALTY_OTHER_LANGUAGE * (question.language != signals.language)
        - PENALTY_OTHER_LEVEL * (bool(signals.level) and question.level != signals.level)
    )
    return score, tuple(dict.fromkeys((*new, *gaps, *repeated))), _reason(new=new, gaps=gaps, due=due)


def _reason(*, new: list[str], gaps: list[str], due: list[str]) -> str:
    if gaps:
        return _("Practises %(skills)s, which the job needs and your resume does not show.") % {
            "skills": ", ".join(gaps)
        }
    if new:
        return _("Covers %(skills)s from the job.") % {"skills": ", ".join(new)}
    if due:
        return _("Due for review: %(topics)s.") % {"topics": ", ".join(topic.replace("-", " ") for topic in due)}
    return _("Rounds out the interview at your level.")


def questions_plan(
    *,
    type_mix: dict[str, int],
    signals: PlanSignals,
    job_title: str = "",
    seed: int | None = None,
) -> list[PlannedQuestion]:
    """Questions for each type in ``type_mix`` (type -> how many), chosen greedily: each pick is
    the candidate adding the most coverage (see question_relevance); ties rotate over difficulties
    as the bank's own selection does. Easiest first, as interviews are asked."""
    rng = random.Random(seed)
    covered: set[str] = set()
    planned: list[PlannedQuestion] = []
    tags = [slugify(name) for name in (*signals.requirements, *signals.gaps)] + list(signals.due_topics)
    for type_, count in type_mix.items():
        pool = questions_for_interview(
            type=type_,
            level=signals.level,
            count=count * POOL_FACTOR,
            skills=tags,
            job_title=job_title,
            exclude_ids=signals.seen_ids,
            language=signals.language,
            seed=seed,
        )
        used: Counter[int] = Counter()
        for _slot in range(min(count, len(pool))):
            ranked = []
            for question in pool:
                score, covers, reason = question_relevance(question=question, signals=signals, covered=covered)
                tie = (-used[question.difficulty], -_DIFFICULTY_RANK.get(question.difficulty, 9), rng.random())
                ranked.append(((score, *tie), PlannedQuestion(question=question, reason=reason, covers=covers)))
            best = max(ranked, key=lambda item: item[0])[1]
            pool.remove(best.question)
            used[best.question.difficulty] += 1
            covered.update(best.covers)
            planned.append(best)
    return sorted(planned, key=lambda item: item.question.difficulty)


def uncovered_requirements(*, signals: PlanSignals, planned: Iterable[PlannedQuestion]) -> list[str]:
    covered = {name for item in planned for name in item.covers}
    return [name for name in signals.requirements if name not in covered]
