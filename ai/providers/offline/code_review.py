"""The offline code review: what static analysis found, in words. It cannot judge more, and says so
by scoring exactly the static score."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ai.types import CodeReview, CodeReviewInput


def _finding_text(finding: str) -> str:
    texts = {
        "syntax_error": _("The code does not parse; fix the syntax first."),
        "complex": _("A function has too many branches; split it into smaller helpers."),
        "deep_nesting": _("Blocks are nested deeply; return early or extract helpers to flatten them."),
        "long_function": _("A function is long; give each step a well-named helper."),
        "long_lines": _("Some lines are longer than 120 characters; wrap them for readability."),
        "ambiguous_names": _("Avoid the names l, O and I: they read like 1 and 0."),
        "naming_style": _("Follow the language's naming style (snake_case in Python, camelCase in JavaScript)."),
    }
    return texts.get(finding, finding)


def review_code(data: CodeReviewInput) -> CodeReview:
    strengths = []
    if data.tests_total and data.tests_passed == data.tests_total:
        strengths.append(_("Passes every hidden test."))
    if not data.findings:
        strengths.append(
            _("Readable, simple structure (cyclomatic complexity %(complexity)d).") % {"complexity": data.complexity}
        )
    improvements = [_finding_text(finding) for finding in data.findings]
    if data.tests_passed < data.tests_total:
        improvements.insert(
            0, _("Check the edge cases: empty input, a single element, duplicates, negative numbers, large input.")
        )
    feedback = _(
        "Your code passed %(passed)d of %(total)d hidden tests. Static analysis scored its quality %(score)d of 100."
    ) % {"passed": data.tests_passed, "total": data.tests_total, "score": data.static_score}
    return CodeReview(
        score=data.static_score, strengths=tuple(strengths), improvements=tuple(improvements), feedback=feedback
    )
