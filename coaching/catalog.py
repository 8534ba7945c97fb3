"""The skills vocabulary and role profiles shipped in coaching/data/skills.json."""

from __future__ import annotations

import difflib
import functools
import json
from pathlib import Path

from ai.types import RoleProfile, SkillTerm

DATA_FILE = Path(__file__).parent / "data" / "skills.json"
ROLE_MATCH_CUTOFF = 0.6


@functools.cache
def vocabulary() -> tuple[SkillTerm, ...]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(
        SkillTerm(name=item["name"], aliases=tuple(item.get("aliases", ())), category=item.get("category", ""))
        for item in data["skills"]
    )


@functools.cache
def roles() -> tuple[RoleProfile, ...]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(RoleProfile(name=name, expected_skills=tuple(skills)) for name, skills in data["roles"].items())


def role_match(*, title: str) -> RoleProfile | None:
    """The known role a free-text target role means: exact (case-insensitive), contained
    ("Senior Backend Developer"), then the closest spelling; None when nothing is close."""
    wanted = " ".join(title.casefold().split())
    if not wanted:
        return None
    by_name = {role.name.casefold(): role for role in roles()}
    if wanted in by_name:
        return by_name[wanted]
    contained = [name for name in by_name if name in wanted]
    if contained:
        return by_name[max(contained, key=len)]
    close = difflib.get_close_matches(wanted, by_name, n=1, cutoff=ROLE_MATCH_CUTOFF)
    return by_name[close[0]] if close else None
