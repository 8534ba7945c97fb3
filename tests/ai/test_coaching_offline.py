"""The offline provider's coaching operations: honest extraction and grounded templates."""

from __future__ import annotations

from datetime import date

from ai.providers.offline import OfflineProvider
from ai.providers.offline.resume import sections_in, skills_in, years_of_experience
from ai.types import ChatInput, CoachFacts, ResumeAnalysisInput, RoadmapInput, RoleProfile, SkillTerm

VOCABULARY = (
    SkillTerm("Python", ("python3", "py")),
    SkillTerm("C++", ("cpp",)),
    SkillTerm("Go", ("golang",)),
    SkillTerm("Node.js", ("node", "nodejs")),
    SkillTerm("Redis"),
)
ROLES = (RoleProfile("backend developer", ("Python", "Redis", "Go")), RoleProfile("embedded developer", ("C++",)))


def test_skills_match_aliases_and_symbols_on_word_boundaries() -> None:
    text = "Wrote Python3 and C++ services; golang tooling; node scripts. We go fast. Pythonic redistribution."

    assert set(skills_in(text, VOCABULARY)) == {"Python", "C++", "Go", "Node.js"}


def test_sections_and_years_from_the_experience_section_only() -> None:
    text = "Work Experience\nAcme, 03/2018 - 02/2020\nGlobex, 2019 - present\nEducation\nUni 2010 - 2014\n"

    assert sections_in(text) == ("experience", "education")
    assert years_of_experience(text, today=date(2024, 12, 1)) == 7.0  # Mar 2018-Dec 2024: 82 months, overlap once
    assert years_of_experience("I have 8+ years of professional experience.") == 8.0
    assert years_of_experience("No dates here") is None


def test_gaps_are_the_target_roles_expected_skills_not_found() -> None:
    analysis = OfflineProvider().analyze_resume(
        ResumeAnalysisInput(
            text="Skills\nPython, Redis",
            target_role="backend developer",
            expected_skills=ROLES[0].expected_skills,
            vocabulary=VOCABULARY,
            roles=ROLES,
        )
    )

    assert analysis.gaps == ("Go",)
    assert analysis.suggested_roles == ("backend developer",)
    assert analysis.provider == "offline"


def test_roadmap_spreads_weaknesses_over_weeks_and_skips_completed_items() -> None:
    roadmap = OfflineProvider().plan_roadmap(
        RoadmapInput(
            goal="backend developer",
            gaps=("Go", "Redis"),
            weak_criteria=("structure",),
            weak_topics=("sql",),
            completed=("Learn Redis",),
            weeks=3,
        )
    )

    titles = [item.title for item in roadmap.items]
    assert titles[:3] == ["Learn Go", "Improve structure", "Review sql"]
    assert "Learn Redis" not in titles
    assert all(1 <= item.due_week <= 3 for item in roadmap.items) and roadmap.items[-1].due_week == 3


def test_coach_reply_uses_only_the_given_facts() -> None:
    facts = CoachFacts(target_role="data engineer", skills=("Spark",), gaps=("Airflow",), weak_criteria=("clarity",))

    reply = OfflineProvider().coach_reply(ChatInput(message="How do I improve?", facts=facts))

    assert "data engineer" in reply.content and "Clarity" in reply.content
    empty = OfflineProvider().coach_reply(ChatInput(message="hello", facts=CoachFacts()))
    assert "Upload your resume" in empty.content
