"""Reading a resume without a model: skills against the shipped vocabulary, sections, years of experience.

Everything here is verifiable in the text, so the OpenAI provider reuses it to normalise a model's
skill names and to compute gaps in code rather than trusting the model's arithmetic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ai.types import ResumeAnalysis, ResumeAnalysisInput, RoleProfile, SkillTerm

SECTION_HEADINGS = {
    "experience": r"(?:work |professional |relevant )?experience|employment(?: history)?|work history|career",
    "education": r"education|academic background|qualifications",
    "skills": r"(?:technical |core |key )?skills|technologies|tech stack|competencies|tools",
    "projects": r"(?:personal |selected |side )?projects|portfolio",
}
SECTION_NAMES = {
    "experience": gettext_lazy("experience"),
    "education": gettext_lazy("education"),
    "skills": gettext_lazy("skills"),
    "projects": gettext_lazy("projects"),
}
_HEADING = {name: re.compile(rf"^\W*(?:{pattern})\W*$", re.IGNORECASE) for name, pattern in SECTION_HEADINGS.items()}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_POINT = rf"(?:(?P<{{m}}>{_MONTH})\s+|(?P<{{n}}>\d{{{{1,2}}}})[/.])?(?P<{{y}}>(?:19|20)\d\d)"
_RANGE = re.compile(
    _POINT.format(m="m1", n="n1", y="y1")
    + r"\s*(?:-|–|—|to|until)\s*(?:"
    + _POINT.format(m="m2", n="n2", y="y2")
    + r"|(?P<open>present|current|now|today))",
    re.IGNORECASE,
)
_STATED_YEARS = re.compile(r"(\d{1,2})\+?\s*(?:years|yrs)\b(?:\s+of)?\s+(?:\w+\s+){0,3}?experience", re.IGNORECASE)
# Very short names ("Go", "R", "C") are English words or letters too: they must match their exact case.
_CASE_SENSITIVE_BELOW = 3
MAX_SUGGESTED_ROLES = 3
MAX_STRENGTHS = 4


def _term_pattern(term: str) -> str:
    # \b fails around "C++", "C#" and ".NET": a skill ends where no word character, "+" or "#" follows.
    return rf"(?<![\w+#.]){re.escape(term)}(?![\w+#]|\.\w)"


def skills_in(text: str, vocabulary: Iterable[SkillTerm]) -> tuple[str, ...]:
    """Canonical names of the vocabulary's skills mentioned in ``text``, most mentioned first."""
    counts: Counter[str] = Counter()
    for skill in vocabulary:
        for term in (skill.name, *skill.aliases):
            flags = 0 if len(term) < _CASE_SENSITIVE_BELOW else re.IGNORECASE
            if found := len(re.findall(_term_pattern(term), text, flags)):
                counts[skill.name] += found
    return tuple(name for name, _count in counts.most_common())


def _heading(line: str) -> str | None:
    line = line.strip()
    if 0 < len(line) <= 40:
        return next((name for name, heading in _HEADING.items() if heading.match(line)), None)
    return None


def sections_in(text: str) -> tuple[str, ...]:
    """The standard sections whose heading appears on a line of its own, in document order."""
    return tuple(dict.fromkeys(name for line in text.splitlines() if (name := _heading(line))))


def section_text(text: str, name: str) -> str | None:
    """The lines under the ``name`` heading up to the next heading, or None without that heading."""
    lines: list[str] | None = None
    for line in text.splitlines():
        heading = _heading(line)
        if heading == name:
            lines = []
        elif heading and lines is not None:
            break
        elif lines is not None:
            lines.append(line)
    return "\n".join(lines) if lines is not None else None


def _month_index(month: str | None, number: str | None, year: str, *, end: bool) -> int:
    if month:
        value = _MONTHS.index(month[:3].lower()) + 1
    elif number and 1 <= int(number) <= 12:
        value = int(number)
    else:
        value = 12 if end else 1  # a bare year covers the whole year
    return int(year) * 12 + value - 1


def years_of_experience(text: str, *, today: date | None = None) -> float | None:
    """Years covered by the date ranges of the experience section (of the whole text without one;
    overlaps counted once), or a stated "N years of experience" when larger; None when neither is found."""
    today = today or date.today()
    dated = section_text(text, "experience") or text
    now = today.year * 12 + today.month - 1
    spans: list[tuple[int, int]] = []
    for match in _RANGE.finditer(dated):
        start = _month_index(match["m1"], match["n1"], match["y1"], end=False)
        stop = now if match["open"] else _month_index(match["m2"], match["n2"], match["y2"], end=True)
        if start <= stop <= now:
            spans.append((start, stop + 1))
    months = 0
    reach = -1
    for start, stop in sorted(spans):
        start = max(start, reach)
        if stop > start:
            months += stop - start
            reach = stop
    stated = max((int(n) for n in _STATED_YEARS.findall(text)), default=0)
    years = max(months / 12, float(stated))
    return round(years * 2) / 2 if years else None


def gaps_for(expected: Iterable[str], skills: Iterable[str]) -> tuple[str, ...]:
    have = {skill.casefold() for skill in skills}
    return tuple(skill for skill in expected if skill.casefold() not in have)


def roles_suggested(skills: Iterable[str], roles: Iterable[RoleProfile]) -> tuple[str, ...]:
    """Roles whose expected skills the resume covers best (by share covered, at least two skills)."""
    have = {skill.casefold() for skill in skills}
    ranked = []
    for role in roles:
        overlap = sum(skill.casefold() in have for skill in role.expected_skills)
        if overlap >= 2:
            ranked.append((-overlap / len(role.expected_skills), -overlap, role.name))
    return tuple(name for *_rank, name in sorted(ranked)[:MAX_SUGGESTED_ROLES])


def analyze_resume(data: ResumeAnalysisInput) -> ResumeAnalysis:
    """Call inside translation.override(the user's language): the summary and strengths are written in it."""
    skills = skills_in(data.text, data.vocabulary)
    sections = sections_in(data.text)
    years = years_of_experience(data.text)
    gaps = gaps_for(data.expected_skills, skills)
    categories = {term.name: term.category for term in data.vocabulary}
    strengths: list[str] = []
    if years:
        strengths.append(
            _("About %(years)s years of experience shown by the dates in the resume.") % {"years": f"{years:g}"}
        )
    by_category: dict[str, list[str]] = {}
    for skill in skills:
        by_category.setdefault(categories.get(skill) or "other", []).append(skill)
    for category, names in sorted(by_category.items(), key=lambda item: -len(item[1])):
        if len(names) >= 2:
            strengths.append(
                _("Breadth in %(category)s: %(skills)s.")
                % {"category": category.replace("_", " "), "skills": ", ".join(names[:4])}
            )
    if data.expected_skills:
        covered = len(data.expected_skills) - len(gaps)
        strengths.append(
            _("Covers %(covered)d of %(total)d skills expected of a %(role)s.")
            % {"covered": covered, "total": len(data.expected_skills), "role": data.target_role}
        )
    if "projects" in sections:
        strengths.append(_("Lists projects, which give interviewers concrete examples to ask about."))
    experience = (
        _("about %(years)s years of experience") % {"years": f"{years:g}"} if years else _("no dated experience found")
    )
    parts = [
        _("Resume with %(experience)s and %(count)d recognised skills")
        % {"experience": experience, "count": len(skills)}
        + (_(", chiefly %(skills)s") % {"skills": ", ".join(skills[:5])} if skills else "")
        + ".",
        _("Sections: %(sections)s.") % {"sections": ", ".join(str(SECTION_NAMES[name]) for name in sections)}
        if sections
        else _("No standard section headings were found."),
    ]
    if gaps:
        parts.append(_("Missing for %(role)s: %(skills)s.") % {"role": data.target_role, "skills": ", ".join(gaps[:5])})
    summary = " ".join(parts)
    return ResumeAnalysis(
        summary=summary,
        skills=skills,
        years_of_experience=years,
        strengths=tuple(strengths[:MAX_STRENGTHS]),
        gaps=gaps,
        suggested_roles=roles_suggested(skills, data.roles),
        sections=sections,
    )
