"""What planning an interview needs to know about the candidate beyond the account: the resume's
skills and gaps, the topics due for review and the skills vocabulary jobs are read against.

Coaching owns all of it and sits above interviews in the dependency order (it reads interview
results), so the source is a module named in settings, INTERVIEWS_CANDIDATE_SOURCE, the way Django
names its pluggable backends, instead of an upward import."""

from __future__ import annotations

import functools
import importlib
from typing import Protocol, cast

from django.conf import settings

from accounts.models import User
from ai import RoleProfile, SkillTerm


class CandidateSource(Protocol):
    def resume_skills(self, *, user: User) -> list[str]: ...

    def resume_gaps(self, *, user: User) -> list[str]: ...

    def practice_topics_due(self, *, user: User) -> list[str]: ...

    def skills_catalog(self) -> tuple[tuple[SkillTerm, ...], tuple[RoleProfile, ...]]: ...


@functools.cache
def candidate_source() -> CandidateSource:
    return cast(CandidateSource, importlib.import_module(settings.INTERVIEWS_CANDIDATE_SOURCE))
