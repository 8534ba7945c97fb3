"""An interview's report, in its owner's language: the content (a read), rendered as a PDF for the
owner or as the HTML page a share link shows. Both need a completed interview."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from interviews.errors import InterviewNotCompleted
from interviews.models import Interview
from interviews.report.content import report_content
from interviews.report.pdf import report_pdf

__all__ = ["interview_report_html", "interview_report_pdf"]

CHART_BAR_WIDTH = 380  # px of the HTML chart's longest bar (a score of 100)
BAR_STEP = 26


def _language(interview: Interview) -> str:
    return interview.user.language or settings.LANGUAGE_CODE


def _require_completed(interview: Interview) -> None:
    if interview.status != Interview.Status.COMPLETED:
        raise InterviewNotCompleted(details={"status": interview.status})


def interview_report_pdf(*, interview: Interview) -> bytes:
    _require_completed(interview)
    with translation.override(_language(interview)):
        return report_pdf(content=report_content(interview=interview))


def interview_report_html(*, interview: Interview) -> str:
    """The same report as a page; the charts are inline SVG, so the page loads nothing else."""
    _require_completed(interview)
    with translation.override(_language(interview)):
        report = report_content(interview=interview)
        return render_to_string("interviews/report.html", {"report": report, **_chart_geometry(report)})


def _chart_geometry(report: dict[str, Any]) -> dict[str, Any]:
    bars = [
        {**row, "y": index * BAR_STEP, "width": round(CHART_BAR_WIDTH * row["score"] / 100)}
        for index, row in enumerate(report["criteria"])
    ]
    history = report["history"]
    step = 530 / (len(history) - 1) if len(history) > 1 else 0
    points = [
        {**point, "x": round(30 + index * step) if step else 300, "y": round(120 - point["score"])}
        for index, point in enumerate(history)
    ]
    return {"criteria_bars": bars, "chart_height": len(bars) * BAR_STEP, "history_points": points}
