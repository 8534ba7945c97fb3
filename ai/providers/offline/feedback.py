"""Strengths, improvements and a summary written only from what the rubric measured.

Nothing here praises what was not observed: a strength is a measurement that met the level's
expectation, an improvement is one that fell short. Call inside translation.override(language);
the English msgids are the source for the catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ai.gate import grader_instructions_note
from ai.grading.measures import Measures
from ai.grading.scoring import HEALTHY_PACE, TOO_LONG, expectations, star_share

MAX_LISTED = 3  # key points named in one sentence; more become "and N more"
MAX_IMPROVEMENTS = 5  # a long list is not read; the most important come first
FILLER_RATE_LIMIT = 2.0  # fillers per 100 words before they are worth a remark
SHORT = 0.8  # share of the level's expected length under which length is worth a remark
LEVEL_NAMES = {
    "intern": gettext_lazy("intern"),
    "junior": gettext_lazy("junior"),
    "middle": gettext_lazy("middle"),
    "senior": gettext_lazy("senior"),
}


@dataclass(frozen=True)
class Review:
    strengths: tuple[str, ...]
    improvements: tuple[str, ...]
    feedback: str


def _listing(points: tuple[str, ...]) -> str:
    shown = "; ".join(points[:MAX_LISTED])
    hidden = len(points) - MAX_LISTED
    if hidden <= 0:
        return shown
    return ngettext("%(points)s and %(count)d more", "%(points)s and %(count)d more", hidden) % {
        "points": shown,
        "count": hidden,
    }


def _strengths(m: Measures, level: str) -> list[str]:
    need = expectations(level)
    found: list[str] = []
    total = len(m.key_points)
    if m.covered and len(m.covered) * 2 >= total:
        found.append(
            _("Covered %(count)d of %(total)d key points: %(points)s.")
            % {"count": len(m.covered), "total": total, "points": _listing(m.covered)}
        )
    if m.star is not None and m.star.situation and m.star.action and m.star.result:
        found.append(_("Clear story structure: the situation, your actions and the result."))
    if m.star is not None and m.star.result_quantified:
        found.append(_("Quantified the result."))
    if m.star is not None and m.lesson:
        found.append(_("Reflected on what you learned."))
    if m.star is None:
        found += [
            text
            for present, text in (
                (m.complexity, _("Discussed complexity or trade-offs.")),
                (m.edge_cases, _("Considered edge cases and failure modes.")),
                (m.example, _("Backed the explanation with an example or code.")),
            )
            if present
        ]
    if m.quantities + m.named_terms >= need.specifics:
        found.append(_("Concrete details: figures and named tools, places or people."))
    pace = m.speech.words_per_minute if m.speech is not None else None
    if pace is not None and HEALTHY_PACE[0] <= pace <= HEALTHY_PACE[1]:
        found.append(_("Comfortable speaking pace (%(wpm)d words per minute).") % {"wpm": pace})
    return found


def _structure_improvements(m: Measures, question_type: str) -> list[str]:
    if m.star is None:
        coding = question_type == "coding"
        return [
            text
            for present, text in (
                (
                    m.complexity,
                    _("State the time and space complexity (O(...)).")
                    if coding
                    else _("Discuss trade-offs: what it costs and when you would not use it."),
                ),
                (m.edge_cases, _("Cover edge cases and failure modes (empty input, duplicates, errors).")),
                (m.example, _("Give a concrete example or a short code sketch.")),
            )
            if not present
        ]
    if question_type != "behavioral":
        return [] if m.steps >= 2 else [_("Organise the answer into clear steps and give the reason for each.")]
    # A story that already reads well is not nagged about its STAR labels; only the missing figure is.
    missing = (
        []
        if star_share(m.star) >= 0.8
        else [
            text
            for present, text in (
                (m.star.situation, _("Set the scene: when and where it happened, and what was at stake.")),
                (m.star.task, _("Say what your task or goal was.")),
                (m.star.action, _('Describe what you did yourself, step by step (say "I", not only "we").')),
                (m.star.result, _("End with the result: what changed because of your actions.")),
            )
            if not present
        ]
    )
    if m.star.result and not m.star.result_quantified:
        # Translators: the "%" is a literal percent sign.
        # xgettext:no-python-format
        missing.append(_("Quantify the result (e.g. % or time saved)."))
    return missing


def _delivery_improvements(m: Measures) -> list[str]:
    found: list[str] = []
    if m.filler_rate >= FILLER_RATE_LIMIT:
        fillers = ", ".join(f"{word} ×{count}" for word, count in sorted(m.fillers.items(), key=lambda i: -i[1]))
        found.append(_("Cut filler words (%(fillers)s).") % {"fillers": fillers})
    if m.hedges:
        found.append(_('State what you know without hedging ("I think", "maybe", "not sure").'))
    if m.speech is not None:
        pace = m.speech.words_per_minute
        if pace is not None and pace < HEALTHY_PACE[0]:
            found.append(_("Speak a little faster: %(wpm)d words per minute drags; aim for 120-160.") % {"wpm": pace})
        elif pace is not None and pace > HEALTHY_PACE[1]:
            found.append(_("Slow down: %(wpm)d words per minute is hard to follow; aim for 120-160.") % {"wpm": pace})
        if (m.speech.long_pauses or 0) >= 2:
            found.append(
                _("Avoid long silences (%(count)d pauses over 2 s): pause briefly, then carry on.")
                % {"count": m.speech.long_pauses}
            )
    return found


def _improvements(m: Measures, question_type: str, level: str, addressed_grader: bool) -> list[str]:
    """Most important first; every kind of problem gets a slot before any kind gets a second one."""
    need = expectations(level)
    content: list[str] = []
    if addressed_grader:
        content.append(grader_instructions_note())
    if m.negative:
        content.append(_("Keep it professional: no negative words about employers or colleagues."))
    if m.missed:
        content.append(_("Cover the missing key points: %(points)s.") % {"points": _listing(m.missed)})
    detail: list[str] = []
    if m.quantities + m.named_terms < need.specifics:
        detail.append(_("Add specifics: numbers, named tools, a real example from your work."))
    ratio = m.words / max(m.expected_words, 1)
    if ratio < SHORT * need.length:
        target = round(need.length * m.expected_words)
        detail.append(_("Too short for this question: aim for about %(words)d words.") % {"words": target})
    elif ratio > TOO_LONG:
        detail.append(_("Too long: tighten it to about %(words)d words.") % {"words": m.expected_words})
    if m.generic >= 2:
        detail.append(_('Replace general claims ("always", "is important") with what you actually did.'))
    sections = [content, _structure_improvements(m, question_type), detail, _delivery_improvements(m)]
    firsts = [section[0] for section in sections if section]
    rest = [text for section in sections for text in section[1:]]
    return (firsts + rest)[:MAX_IMPROVEMENTS]


def _verdict(score: int) -> str:
    if score >= 85:
        return _("Strong answer.")
    if score >= 65:
        return _("Good answer with some gaps.")
    if score >= 45:
        return _("Partial answer: the basics are there, but important parts are missing.")
    return _("Weak answer: it touches the topic but misses most of what was asked.")


def review(m: Measures, *, question_type: str, level: str, score: int, addressed_grader: bool) -> Review:
    improvements = _improvements(m, question_type, level, addressed_grader)
    parts = [
        _verdict(score),
        _("It covers %(count)d of %(total)d key points, judged against %(level)s-level expectations.")
        % {"count": len(m.covered), "total": len(m.key_points), "level": LEVEL_NAMES.get(level, level)},
    ]
    if improvements:
        parts.append(_("Most important next step: %(step)s") % {"step": improvements[0]})
    return Review(strengths=tuple(_strengths(m, level)), improvements=tuple(improvements), feedback=" ".join(parts))
