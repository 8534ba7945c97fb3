"""Roadmaps and coaching replies without a model: templated plans and guidance built only from the facts given."""

from __future__ import annotations

import math
import re
from itertools import zip_longest

from ai.types import ChatInput, ChatReply, CoachFacts, Roadmap, RoadmapInput, RoadmapItem

CRITERION_ADVICE = {
    "clarity": "Answer in short sentences with one concrete number or named technology per point.",
    "relevance": "Restate the question in one line, then cover each part it asks before adding extras.",
    "technical_accuracy": "Rehearse the core concepts behind your answers and check them against documentation.",
    "structure": "Use STAR for stories and 'explain, trade-offs, edge cases, example' for technical questions.",
    "confidence": "Record yourself, cut filler words and hedges, and state your decision before the reasoning.",
}
CRITERION_RESOURCES = {
    "clarity": ("Record a 2-minute answer and transcribe it", "Plain-language checklist: one idea per sentence"),
    "relevance": ("List the sub-questions before answering", "Mock interview: review missed key points"),
    "technical_accuracy": ("Official documentation of your main stack", "Write a short note explaining one concept"),
    "structure": ("STAR method worksheet", "Answer template: explain, trade-offs, edge cases, example"),
    "confidence": ("Record and count filler words", "Practise answers aloud with a timer"),
}
ITEMS_PER_WEEK_MAX = 3
_INTENTS = {
    "weak": r"weak|improve|better|work on|feedback|mistake",
    "skills": r"skill|resume|cv|gap|learn|missing",
    "plan": r"plan|roadmap|next|week|schedule|review|practi[cs]e",
    "results": r"result|score|last interview|how did i|progress",
}


def _label(name: str) -> str:
    return name.replace("_", " ")


def plan_roadmap(data: RoadmapInput) -> Roadmap:
    """Gaps, weakest criteria and weak topics in turn, most important of each first; a mock interview last."""
    done = {title.casefold() for title in data.completed}
    goal = data.goal or "your next interview"
    gaps = [
        RoadmapItem(
            title=f"Learn {skill}",
            description=f"{skill} is expected of a {goal} and is missing from your resume. Build a small "
            f"project with it and prepare one story about using it.",
            due_week=0,
            resources=(f"Official {skill} documentation", f"A small project that uses {skill}"),
            topic=skill,
        )
        for skill in data.gaps
    ]
    criteria = [
        RoadmapItem(
            title=f"Improve {_label(criterion)}",
            description=f"{_label(criterion).capitalize()} is among your lowest interview scores. "
            + CRITERION_ADVICE.get(criterion, ""),
            due_week=0,
            resources=CRITERION_RESOURCES.get(criterion, ()),
            topic=criterion,
        )
        for criterion in data.weak_criteria
    ]
    topics = [
        RoadmapItem(
            title=f"Review {topic}",
            description=f"You scored low on {topic} questions. Revisit the fundamentals and answer two {topic} "
            "questions aloud.",
            due_week=0,
            resources=(f"Practice interview questions tagged {topic}",),
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
            title=f"Full mock interview for {goal}",
            description="Take a complete mock interview to measure progress against the weaknesses above.",
            due_week=weeks,
            resources=("InterviewPrep mock interview",),
            topic="mock_interview",
        )
    )
    return Roadmap(goal=goal, items=tuple(items))


def _intent(message: str) -> str:
    text = message.casefold()
    return next((name for name, pattern in _INTENTS.items() if re.search(pattern, text)), "overview")


def _role_phrase(facts: CoachFacts) -> str:
    return f"for a {facts.target_role} role" if facts.target_role else "for your interviews"


def coach_reply(data: ChatInput) -> ChatReply:
    """Templated guidance, grounded: every fact in the reply comes from ``data.facts``."""
    facts = data.facts
    intent = _intent(data.message)
    lines = [f"Here is what I suggest {_role_phrase(facts)}."]
    if intent == "weak" and facts.weak_criteria:
        lines += [
            f"- {_label(name).capitalize()}: {CRITERION_ADVICE.get(name, '')}" for name in facts.weak_criteria[:2]
        ]
    elif intent == "skills" and (facts.skills or facts.gaps):
        if facts.skills:
            lines.append(f"- Lead with your strongest skills: {', '.join(facts.skills[:4])}.")
        if facts.gaps:
            lines.append(f"- Close these gaps next: {', '.join(facts.gaps[:3])}.")
    elif intent == "plan" and facts.due_reviews:
        lines.append(f"- Due for review now: {', '.join(facts.due_reviews[:4])}.")
    elif intent == "results" and facts.recent_results:
        lines += [f"- {result}" for result in facts.recent_results[:3]]
    else:
        if facts.skills:
            lines.append(f"- Build your answers around {', '.join(facts.skills[:3])}, which your resume shows.")
        if facts.weak_criteria:
            lines.append(f"- Your weakest area so far is {_label(facts.weak_criteria[0])}.")
        if facts.gaps:
            lines.append(f"- Worth learning next: {', '.join(facts.gaps[:2])}.")
        if facts.recent_results:
            lines.append(f"- Latest: {facts.recent_results[0]}")
    if len(lines) == 1:
        lines.append("- Upload your resume and complete a mock interview, and I can give advice based on your results.")
    return ChatReply(content="\n".join(lines))
