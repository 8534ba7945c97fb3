"""Reading a job without a model: vocabulary skills, seniority words and the closest known role.

The OpenAI provider reuses ``canonical_skills`` to map a model's skill names onto the vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ai.providers.offline.resume import skills_in
from ai.types import JobRequirements, JobRequirementsInput, RoleProfile, SkillTerm

MAX_SKILLS = 12
# Most specific first: "senior" in "senior or junior" wins, an intern posting rarely says "senior".
_SENIORITY = (
    ("senior", r"senior|sr\.?|lead|principal|staff|старш\w*|ведущ\w*|сеньор\w*"),
    ("middle", r"middle|mid-level|mid|intermediate|мидл\w*"),
    ("junior", r"junior|jr\.?|entry[- ]level|graduate|младш\w*|джун\w*"),
    ("intern", r"intern|internship|trainee|стаж[её]р\w*|стажировк\w*"),
)
_SENIORITY_PATTERNS = tuple(
    (level, re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)) for level, words in _SENIORITY
)


def canonical_skills(names: Iterable[str], vocabulary: Iterable[SkillTerm]) -> tuple[str, ...]:
    """Each name as its vocabulary skill when one matches, else as given (trimmed); duplicates dropped."""
    terms = tuple(vocabulary)
    found: list[str] = []
    for name in names:
        found.extend(skills_in(name, terms)[:1] or [name.strip()])
    return tuple(dict.fromkeys(skill for skill in found if skill))


def seniority_in(text: str) -> str:
    return next((level for level, pattern in _SENIORITY_PATTERNS if pattern.search(text)), "")


def domain_of(*, title: str, skills: Iterable[str], roles: Iterable[RoleProfile]) -> str:
    """The role named in the title, else the role whose expected skills the job covers best."""
    wanted = " ".join(title.casefold().split())
    by_length = sorted(roles, key=lambda role: -len(role.name))
    named = next((role.name for role in by_length if role.name.casefold() in wanted), "")
    if named:
        return named
    have = {skill.casefold() for skill in skills}
    overlap = [(sum(s.casefold() in have for s in role.expected_skills), role.name) for role in by_length]
    best = max(overlap, default=(0, ""))
    return best[1] if best[0] >= 2 else ""


def extract_requirements(data: JobRequirementsInput) -> JobRequirements:
    listed = canonical_skills(data.skills, data.vocabulary)
    mentioned = skills_in(f"{data.job_title}\n{data.job_description}", data.vocabulary)
    skills = tuple(dict.fromkeys((*listed, *mentioned)))[:MAX_SKILLS]
    return JobRequirements(
        skills=skills,
        seniority=seniority_in(data.job_title) or seniority_in(data.job_description),
        domain=domain_of(title=data.job_title, skills=skills, roles=data.roles),
    )
