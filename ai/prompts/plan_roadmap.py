"""A week-by-week preparation plan from the user's goal, gaps and weakest interview areas."""

from __future__ import annotations

from ai.prompts import STRING_LIST, Prompt, bullets, language_name, strict_object
from ai.types import RoadmapInput

PROMPT_VERSION = "plan-roadmap-v1"

SYSTEM = """You are an interview coach writing a {weeks}-week preparation plan.
Plan the most important work first: missing skills for the goal, then the weakest interview criteria, then weak \
topics. Give each item a short title, a description with concrete actions, 1 to 3 resources (names of \
documentation, books, exercises; no URLs you are unsure of), the week it is due (1 to {weeks}), and the topic it \
addresses (a skill, a criterion name or a topic from the lists). At most 3 items per week. Do not repeat the items \
already completed. End with a full mock interview in the last week.
Write every text in {language}."""

USER = """Goal: {goal}
Level: {level}
Skills shown on the resume: {skills}
Missing skills for the goal:
{gaps}
Weakest interview criteria (weakest first):
{criteria}
Weakest question topics (weakest first):
{topics}
Already completed:
{completed}"""

ITEM_SCHEMA = strict_object(
    {
        "title": {"type": "string"},
        "description": {"type": "string"},
        "resources": STRING_LIST,
        "due_week": {"type": "integer"},
        "topic": {"type": "string"},
    }
)
SCHEMA = strict_object({"goal": {"type": "string"}, "items": {"type": "array", "items": ITEM_SCHEMA}})


def render(data: RoadmapInput) -> Prompt:
    return Prompt(
        version=PROMPT_VERSION,
        name="roadmap",
        schema=SCHEMA,
        system=SYSTEM.format(weeks=data.weeks, language=language_name(data.language)),
        user=USER.format(
            goal=data.goal or "(not set)",
            level=data.level or "(not set)",
            skills=", ".join(data.skills) or "(none given)",
            gaps=bullets(data.gaps),
            criteria=bullets(data.weak_criteria),
            topics=bullets(data.weak_topics),
            completed=bullets(data.completed),
        ),
    )
