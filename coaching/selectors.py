"""Coaching reads, scoped to their owner; the public entry points other apps use are
``resume_skills`` and ``practice_topics_due`` (both feed interview question selection)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ai.types import CoachFacts, RoleProfile, SkillTerm
from billing.plans import Feature
from billing.selectors import feature_require
from coaching import catalog
from coaching.models import ChatMessage, Conversation, PracticeSchedule, Resume, ReviewItem, Roadmap
from interviews.models import Interview
from interviews.selectors import user_stats
from kernel.api.fields import parse_object_id
from kernel.errors import NotFound

WEAK_SCORE = 70  # criteria averaging below this count as weak
RECENT_RESULTS = 3


def resume_get(*, user: User) -> Resume:
    """The caller's current resume; 404 when there is none. Plan-gated."""
    feature_require(user=user, feature=Feature.RESUME_ANALYSIS)
    resume = Resume.objects.filter(user=user).first()
    if resume is None:
        raise NotFound()
    return resume


def resume_skills(*, user: User) -> list[str]:
    """Skills found in the user's analysed resume, most prominent first ([] without one).

    Interviews started without skills use these for question selection.
    """
    return list(Resume.objects.filter(user=user).values_list("skills", flat=True).first() or [])


def resume_gaps(*, user: User) -> list[str]:
    """Skills the analysed resume lacks for the user's target role ([] without an analysis)."""
    analysis = Resume.objects.filter(user=user).values_list("analysis", flat=True).first() or {}
    return list(analysis.get("gaps", []))


def skills_catalog() -> tuple[tuple[SkillTerm, ...], tuple[RoleProfile, ...]]:
    """The skills vocabulary and role profiles resumes are read against; interview plans read jobs against them."""
    return catalog.vocabulary(), catalog.roles()


def target_role_expected_skills(*, user: User) -> tuple[str, tuple[str, ...]]:
    """The known role the user's target role means and its expected skills; ("", ()) when none matches."""
    role = catalog.role_match(title=user.target_role)
    return (role.name, role.expected_skills) if role else ("", ())


def practice_due(*, user: User, now: datetime | None = None) -> list[ReviewItem]:
    """Review items due now, most overdue first."""
    now = now or timezone.now()
    schedule = PracticeSchedule.objects.filter(user=user).first()
    items = [item for item in schedule.items if item.due_at <= now] if schedule else []
    return sorted(items, key=lambda item: item.due_at)


def practice_topics_due(*, user: User, now: datetime | None = None) -> list[str]:
    """Question topics (tags) due for review: interview selection should prefer them."""
    return [item.name for item in practice_due(user=user, now=now) if item.kind == ReviewItem.Kind.TOPIC]


def practice_weakest(*, user: User, kind: str) -> list[str]:
    """Scheduled names of one kind, lowest last score first."""
    schedule = PracticeSchedule.objects.filter(user=user).first()
    items = [item for item in schedule.items if item.kind == kind] if schedule else []
    return [item.name for item in sorted(items, key=lambda item: item.last_score or 0)]


def roadmap_current(*, user: User) -> Roadmap:
    """The newest roadmap; 404 before the first is generated. Plan-gated."""
    feature_require(user=user, feature=Feature.ROADMAP)
    roadmap = Roadmap.objects.filter(user=user).order_by("-created_at").first()
    if roadmap is None:
        raise NotFound()
    return roadmap


def roadmap_get(*, user: User, roadmap_id: Any) -> Roadmap:
    """404 for a malformed id, an unknown one, or another user's roadmap. Plan-gated."""
    feature_require(user=user, feature=Feature.ROADMAP)
    object_id = parse_object_id(roadmap_id)
    roadmap = Roadmap.objects.filter(pk=object_id, user=user).first() if object_id else None
    if roadmap is None:
        raise NotFound()
    return roadmap


def roadmap_progress(*, roadmap: Roadmap) -> int:
    """Completed items as a whole percentage."""
    items = roadmap.items or []
    return round(100 * sum(item.completed for item in items) / len(items)) if items else 0


def conversation_messages(*, user: User) -> list[ChatMessage]:
    """The stored conversation, oldest first. Plan-gated."""
    feature_require(user=user, feature=Feature.CHAT_COACH)
    conversation = Conversation.objects.filter(user=user).first()
    return list(conversation.messages) if conversation else []


def weak_criteria(*, user: User) -> list[str]:
    """The user's weakest rubric criteria across evaluated answers (averages below WEAK_SCORE)."""
    stats = user_stats(user=user)
    return [row["skill"] for row in stats["weakest_skills"] if row["average_score"] < WEAK_SCORE]


def coach_facts(*, user: User) -> CoachFacts:
    """Everything the coach may say about the user: profile, resume analysis, recent results, due reviews."""
    analysis = (
        Resume.objects.filter(user=user, analysis_status=Resume.AnalysisStatus.DONE)
        .values_list("analysis", flat=True)
        .first()
        or {}
    )
    completed = Interview.objects.filter(user=user, status=Interview.Status.COMPLETED).order_by("-completed_at")
    recent = [
        (
            _("%(type)s interview (%(level)s) on %(date)s: %(score)s/100.")
            % {
                "type": interview.get_type_display(),
                "level": interview.level,
                "date": f"{interview.completed_at:%Y-%m-%d}",
                "score": interview.overall_score,
            }
            + " "
            + interview.result.get("summary", "")
        ).strip()
        for interview in completed.only("type", "level", "completed_at", "overall_score", "result")[:RECENT_RESULTS]
        if interview.completed_at
    ]
    return CoachFacts(
        name=user.name,
        target_role=user.target_role,
        level=user.experience_level,
        skills=tuple(analysis.get("skills", ())),
        gaps=tuple(analysis.get("gaps", ())),
        resume_summary=analysis.get("summary", ""),
        weak_criteria=tuple(weak_criteria(user=user)),
        recent_results=tuple(recent),
        due_reviews=tuple(item.name.replace("_", " ") for item in practice_due(user=user)),
    )
