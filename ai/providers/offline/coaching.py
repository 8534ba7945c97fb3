"""Roadmaps and coaching replies without a model: templated plans and guidance built only from the facts given.

Written in the active language: call inside translation.override(the user's language).
"""

from __future__ import annotations

import math
import re
from itertools import zip_longest

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ai.types import ChatInput, ChatReply, CoachFacts, Roadmap, RoadmapInput, RoadmapItem

CRITERION_ADVICE = {
    "clarity": gettext_lazy("Answer in short sentences with one concrete number or named technology per point."),
    "relevance": gettext_lazy("Restate the question in one line, then cover each part it asks before adding extras."),
    "technical_accuracy": gettext_lazy(
        "Rehearse the core concepts behind your answers and check them against documentation."
    ),
    "structure": gettext_lazy(
        "Use STAR for stories and 'explain, trade-offs, edge cases, example' for technical questions."
    ),
    "confidence": gettext_lazy(
        "Record yourself, cut filler words and hedges, and state your decision before the reasoning."
    ),
}
CRITERION_NAMES = {
    "clarity": gettext_lazy("clarity"),
    "relevance": gettext_lazy("relevance"),
    "technical_accuracy": gettext_lazy("technical accuracy"),
    "structure": gettext_lazy("structure"),
    "confidence": gettext_lazy("confidence"),
}
CRITERION_RESOURCES = {
    "clarity": (
        gettext_lazy("Record a 2-minute answer and transcribe it"),
        gettext_lazy("Plain-language checklist: one idea per sentence"),
    ),
    "relevance": (
        gettext_lazy("List the sub-questions before answering"),
        gettext_lazy("Mock interview: review missed key points"),
    ),
    "technical_accuracy": (
        gettext_lazy("Official documentation of your main stack"),
        gettext_lazy("Write a short note explaining one concept"),
    ),
    "structure": (
        gettext_lazy("STAR method worksheet"),
        gettext_lazy("Answer template: explain, trade-offs, edge cases, example"),
    ),
    "confidence": (gettext_lazy("Record and count filler words"), gettext_lazy("Practise answers aloud with a timer")),
}
ITEMS_PER_WEEK_MAX = 3
_INTENTS = {
    "weak": r"weak|improve|better|work on|feedback|mistake|слаб|улучш|лучше|поработать|ошибк|отзыв",
    "skills": r"skill|resume|cv|gap|learn|missing|навык|резюме|пробел|выучить|изучить|не хватает",
    "plan": r"plan|roadmap|next|week|schedule|review|practi[cs]e|план|дальше|недел|расписан|повтор|практик",
    "results": r"result|score|last interview|how did i|progress|результат|балл|оценк|прошлое собеседование|прогресс",
}


def _label(name: str) -> str:
    return str(CRITERION_NAMES.get(name, name.replace("_", " ")))


def _resources(criterion: str) -> tuple[str, ...]:
    return tuple(str(resource) for resource in CRITERION_RESOURCES.get(criterion, ()))


def plan_roadmap(data: RoadmapInput) -> Roadmap:
    """Gaps, weakest criteria and weak topics in turn, most important of each first; a mock interview last."""
    done = {title.casefold() for title in data.completed}
    goal = data.goal or _("your next interview")
    gaps = [
        RoadmapItem(
            title=_("Learn %(skill)s") % {"skill": skill},
            description=_(
                "%(skill)s is expected of a %(goal)s and is missing from your resume. Build a small project "
                "with it and prepare one story about using it."
            )
            % {"skill": skill, "goal": goal},
            due_week=0,
            resources=(
                _("Official %(skill)s documentation") % {"skill": skill},
                _("A small project that uses %(skill)s") % {"skill": skill},
            ),
            topic=skill,
        )
        for skill in data.gaps
    ]
    criteria = [
        RoadmapItem(
            title=_("Improve %(criterion)s") % {"criterion": _label(criterion)},
            description=_("%(criterion)s is among your lowest interview scores.")
            % {"criterion": _label(criterion).capitalize()}
            + " "
            + str(CRITERION_ADVICE.get(criterion, "")),
            due_week=0,
            resources=_resources(criterion),
            topic=criterion,
        )
        for criterion in data.weak_criteria
    ]
    topics = [
        RoadmapItem(
            title=_("Review %(topic)s") % {"topic": topic},
            description=_(
                "You scored low on %(topic)s questions. Revisit the fundamentals and answer two %(topic)s "
                "questions aloud."
            )
            % {"topic": topic},
            due_week=0,
            resources=(_("Practice interview questions tagged %(topic)s") % {"topic": topic},),
            topic=topic,
        )
        for topic in data.weak_topics
    ]
    # Interleaved so a long gap list cannot crowd the interview weaknesses out of a short plan.
    candidates = [item for group in zip_longest(gaps, criteria, topics) for item in group if item is not None]
    fresh = [item for item in candidates if item.title.casefold() not in done]
    weeks = max(1, data.weeks)
    per_week = min(ITEMS_PER_WEEK_MAX, max(1, math.ceil(len(fresh) / max(1, weeks - 1))))
    planned = fresh[: per_week * max(1, weeks - 1)]
    items = [
        RoadmapItem(
            title=item.title,
            description=item.description,
            due_week=min(weeks, index // per_week + 1),
            resources=item.resources,
            topic=item.topic,
        )
        for index, item in enumerate(planned)
    ]
    items.append(
        RoadmapItem(
            title=_("Full mock interview for %(goal)s") % {"goal": goal},
            description=_("Take a complete mock interview to measure progress against the weaknesses above."),
            due_week=weeks,
            resources=(_("InterviewPrep mock interview"),),
            topic="mock_interview",
        )
    )
    return Roadmap(goal=goal, items=tuple(items))


def _intent(message: str) -> str:
    text = message.casefold()
    return next((name for name, pattern in _INTENTS.items() if re.search(pattern, text)), "overview")


def _role_phrase(facts: CoachFacts) -> str:
    return _("for a %(role)s role") % {"role": facts.target_role} if facts.target_role else _("for your interviews")


def coach_reply(data: ChatInput) -> ChatReply:
    """Templated guidance, grounded: every fact in the reply comes from ``data.facts``."""
    facts = data.facts
    intent = _intent(data.message)
    lines = [_("Here is what I suggest %(role)s.") % {"role": _role_phrase(facts)}]
    if intent == "weak" and facts.weak_criteria:
        lines += [
            f"- {_label(name).capitalize()}: {CRITERION_ADVICE.get(name, '')}" for name in facts.weak_criteria[:2]
        ]
    elif intent == "skills" and (facts.skills or facts.gaps):
        if facts.skills:
            lines.append(
                "- " + _("Lead with your strongest skills: %(skills)s.") % {"skills": ", ".join(facts.skills[:4])}
            )
        if facts.gaps:
            lines.append("- " + _("Close these gaps next: %(skills)s.") % {"skills": ", ".join(facts.gaps[:3])})
    elif intent == "plan" and facts.due_reviews:
        lines.append("- " + _("Due for review now: %(items)s.") % {"items": ", ".join(facts.due_reviews[:4])})
    elif intent == "results" and facts.recent_results:
        lines += [f"- {result}" for result in facts.recent_results[:3]]
    else:
        if facts.skills:
            lines.append(
                "- "
                + _("Build your answers around %(skills)s, which your resume shows.")
                % {"skills": ", ".join(facts.skills[:3])}
            )
        if facts.weak_criteria:
            lines.append(
                "- " + _("Your weakest area so far is %(criterion)s.") % {"criterion": _label(facts.weak_criteria[0])}
            )
        if facts.gaps:
            lines.append("- " + _("Worth learning next: %(skills)s.") % {"skills": ", ".join(facts.gaps[:2])})
        if facts.recent_results:
            lines.append("- " + _("Latest: %(result)s") % {"result": facts.recent_results[0]})
    if len(lines) == 1:
        lines.append(
            "- " + _("Upload your resume and complete a mock interview, and I can give advice based on your results.")
        )
    return ChatReply(content="\n".join(lines))
