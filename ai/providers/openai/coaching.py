"""Turning the model's coaching replies into results, checked in code where the facts allow."""

from __future__ import annotations

from typing import Any

from ai.providers.offline.resume import gaps_for, skills_in
from ai.types import ResumeAnalysis, ResumeAnalysisInput, Roadmap, RoadmapInput, RoadmapItem

MAX_YEARS = 60.0
MAX_LIST = 8


def _texts(values: list[str], limit: int = MAX_LIST) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value.strip() for value in values if value.strip()))[:limit]


def resume_analysis(data: ResumeAnalysisInput, reply: dict[str, Any]) -> ResumeAnalysis:
    """Skill names mapped onto the vocabulary; gaps recomputed from the expected skills (the model may
    miscount); roles limited to the known list; years clamped."""
    skills: list[str] = []
    for named in reply["skills"]:
        canonical = skills_in(named, data.vocabulary)
        skills.extend(canonical[:1] or [named.strip()])
    found = tuple(dict.fromkeys(skill for skill in skills if skill))
    known_roles = {role.name.casefold(): role.name for role in data.roles}
    years = reply["years_of_experience"]
    return ResumeAnalysis(
        summary=reply["summary"].strip(),
        skills=found,
        years_of_experience=round(min(max(float(years), 0.0), MAX_YEARS), 1) if years is not None else None,
        strengths=_texts(reply["strengths"], 4),
        gaps=gaps_for(data.expected_skills, found) if data.expected_skills else _texts(reply["gaps"]),
        suggested_roles=tuple(
            dict.fromkeys(
                known_roles[name.casefold()] for name in reply["suggested_roles"] if name.casefold() in known_roles
            )
        )[:3],
    )


def roadmap(data: RoadmapInput, reply: dict[str, Any]) -> Roadmap:
    """Weeks clamped into the plan; empty items dropped."""
    items = tuple(
        RoadmapItem(
            title=item["title"].strip()[:200],
            description=item["description"].strip(),
            due_week=min(max(int(item["due_week"]), 1), data.weeks),
            resources=_texts(item["resources"], 3),
            topic=item["topic"].strip()[:100],
        )
        for item in reply["items"]
        if item["title"].strip()
    )
    return Roadmap(goal=reply["goal"].strip() or data.goal, items=items)
