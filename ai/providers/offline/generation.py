"""Offline question writing: deterministic variations on bank questions, and follow-ups on missed points.

Without a model we cannot invent knowledge, so every generated question reuses material a person
wrote (a bank question's key points and sample answer) and only varies the angle. Call inside
translation.override(language).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.utils.translation import gettext as _

from ai.grading.measures import STORY_TYPES
from ai.providers.common import fresh_questions
from ai.text import content_stems
from ai.types import FollowUpInput, GeneratedQuestion, GenerationInput, QuestionSpec

MODEL = "offline-rubric-v1"
LEVEL_DIFFICULTY = {"intern": 1, "junior": 2, "middle": 3, "senior": 4}
FOLLOW_UP_SECONDS = 90
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def _related_sentences(sample_answer: str, points: tuple[str, ...]) -> str:
    """The sentences of a sample answer that speak to ``points``: a sample answer for the narrower question."""
    wanted = content_stems(" ".join(points))
    related = [s.strip() for s in _SENTENCE.findall(sample_answer) if content_stems(s) & wanted]
    return " ".join(related) or sample_answer


def _point_templates() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(question about one key point, extra key points a good answer to it adds)."""
    return (
        (_("How would you explain this to a junior colleague: %(point)s?"), (_("a concrete example"),)),
        (
            _("Where have you seen this matter in practice: %(point)s? Give a concrete example."),
            (_("a concrete example from experience"), _("what went wrong without it")),
        ),
    )


def _angle_templates() -> tuple[tuple[str, str], ...]:
    """(the bank question with a new angle, the key point that angle adds)."""
    return (
        (_("%(question)s What would you do differently today?"), _("what you would do differently and why")),
        (_("%(question)s How did it change the way you work?"), _("a lasting change in how you work")),
        (_("%(question)s Focus on how you communicated with the people involved."), _("communication with others")),
    )


def _topic_templates(story: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(questions about a bare topic, their key points): used when the bank has no examples to vary."""
    if story:
        return (
            _("Walk me through a time you had to deal with %(topic)s. What did you do, and what was the result?"),
            _("Tell me about a mistake you made with %(topic)s and what you learned from it."),
            _("Describe a disagreement about %(topic)s and how you resolved it."),
        ), (_("situation with context"), _("own concrete actions"), _("quantified result"), _("lesson learned"))
    return (
        _("What are the core ideas of %(topic)s, and where have you applied them?"),
        _("What trade-offs do you weigh when working with %(topic)s?"),
        _("What are common mistakes with %(topic)s, and how do you avoid them?"),
    ), (_("core ideas explained correctly"), _("a concrete example from experience"), _("trade-offs or limitations"))


def _candidates(data: GenerationInput) -> Iterator[GeneratedQuestion]:
    story = data.type in STORY_TYPES

    def question(
        text: str, key_points: tuple[str, ...], sample: str = "", example: QuestionSpec | None = None
    ) -> GeneratedQuestion:
        return GeneratedQuestion(
            text=text,
            type=data.type,
            level=data.level,
            difficulty=LEVEL_DIFFICULTY.get(data.level, 3),
            tags=example.tags if example else (),
            key_points=key_points,
            sample_answer=sample,
            expected_duration_seconds=example.expected_duration_seconds if example else 120,
            language=data.language,
            model=MODEL,
        )

    # Breadth first: one question per example before a second one from the same example.
    if story:
        for template, added_point in _angle_templates():
            for ex in data.examples:
                text = template % {"question": ex.text.strip()}
                yield question(text, (*ex.key_points, added_point), ex.sample_answer, ex)
    else:
        depth = max((len(ex.key_points) for ex in data.examples), default=0)
        for index in range(depth):
            for template, extra_points in _point_templates():
                for ex in (e for e in data.examples if index < len(e.key_points)):
                    point = ex.key_points[index]
                    sample = _related_sentences(ex.sample_answer, (point,))
                    yield question(template % {"point": point}, (point, *extra_points), sample, ex)
    topic = data.topic or data.job_title or next((ex.tags[0] for ex in data.examples if ex.tags), data.type)
    templates, key_points = _topic_templates(story)
    for template in templates:
        yield question(template % {"topic": topic.replace("-", " ")}, key_points)


def generate_questions(data: GenerationInput) -> list[GeneratedQuestion]:
    """Up to ``data.count`` questions, none equal to a text in ``data.avoid``; fewer if the material runs out."""
    return fresh_questions(_candidates(data), data.avoid, data.count)


def generate_follow_up(data: FollowUpInput) -> GeneratedQuestion:
    """Ask about the first missed key points; with none missed, probe for depth instead."""
    question = data.question
    points = data.missed_key_points[:2]
    if points:
        text = _("Let's go deeper on what your answer did not cover: %(points)s. How does it apply here?") % {
            "points": "; ".join(points)
        }
        sample = _related_sentences(question.sample_answer, points)
    else:
        text = _("What would you do differently if you faced this again, and why?")
        points, sample = question.key_points, question.sample_answer
    return GeneratedQuestion(
        text=text,
        type=question.type,
        level=question.level,
        difficulty=LEVEL_DIFFICULTY.get(question.level, 3),
        tags=question.tags,
        key_points=points,
        sample_answer=sample,
        expected_duration_seconds=FOLLOW_UP_SECONDS,
        language=data.language,
        model=MODEL,
    )
