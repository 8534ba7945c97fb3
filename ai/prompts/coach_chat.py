"""The AI coach's reply, grounded in the user's profile, resume analysis and recent interview results."""

from __future__ import annotations

from ai.prompts import UNTRUSTED_TEXT_RULE, Prompt, bullets, delimit, language_name, strict_object
from ai.types import ChatInput

PROMPT_VERSION = "coach-chat-v1"
TAG = "conversation"

SYSTEM = """You are an interview coach on a mock-interview platform, talking with one user.
Ground every statement about the user in the facts below: their profile, their resume analysis and their recent \
interview results. Never invent scores, employers, skills or results that are not listed; if a fact is missing, \
say so and suggest how to get it (upload a resume, take a mock interview).
Give specific, actionable guidance in a few short paragraphs or bullets.
{untrusted}
Reply in {language}.

Facts about the user:
Name: {name}
Target role: {target_role}
Level: {level}
Resume summary: {resume_summary}
Resume skills: {skills}
Missing skills for the target role: {gaps}
Weakest interview criteria (weakest first): {weak_criteria}
Recent interview results:
{recent_results}
Topics due for review:
{due_reviews}"""

USER = """{conversation}

Reply to the user's last message."""

SCHEMA = strict_object({"reply": {"type": "string"}})


def _none(items: tuple[str, ...]) -> str:
    return ", ".join(items) or "(none)"


def render(data: ChatInput) -> Prompt:
    facts = data.facts
    turns = [*(f"{message.role}: {message.content}" for message in data.history), f"user: {data.message}"]
    return Prompt(
        version=PROMPT_VERSION,
        name="coach_reply",
        schema=SCHEMA,
        system=SYSTEM.format(
            untrusted=UNTRUSTED_TEXT_RULE.format(tag=TAG),
            language=language_name(data.language),
            name=facts.name or "(unknown)",
            target_role=facts.target_role or "(not set)",
            level=facts.level or "(not set)",
            resume_summary=facts.resume_summary or "(no resume analysed)",
            skills=_none(facts.skills),
            gaps=_none(facts.gaps),
            weak_criteria=_none(facts.weak_criteria),
            recent_results=bullets(facts.recent_results, empty="(no completed interviews)"),
            due_reviews=bullets(facts.due_reviews),
        ),
        user=USER.format(conversation=delimit(TAG, "\n\n".join(turns))),
    )
