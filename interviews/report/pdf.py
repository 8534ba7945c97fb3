"""The report as a PDF, drawn with ReportLab in DejaVu Sans (shipped in ./fonts: it covers Cyrillic,
which ReportLab's built-in Helvetica does not)."""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONTS = Path(__file__).parent / "fonts"
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
ACCENT = colors.HexColor("#2f6fde")
MUTED = colors.HexColor("#616e7c")
CHART_WIDTH = 170 * mm


@functools.cache
def _fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
    # <b> in paragraphs picks the family's bold face.
    registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=20, leading=26, spaceAfter=4),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=BOLD, fontSize=13, leading=18, spaceBefore=10, spaceAfter=4, keepWithNext=1
        ),
        "h3": ParagraphStyle("h3", parent=body, fontName=BOLD, fontSize=11, leading=15, spaceBefore=8),
        "body": body,
        "muted": ParagraphStyle("muted", parent=body, textColor=MUTED, fontSize=9, leading=12),
        "score": ParagraphStyle("score", parent=body, fontName=BOLD, fontSize=28, leading=34, textColor=ACCENT),
    }


def _text(value: Any) -> str:
    """Users' words go into ReportLab's mini-markup: escape them, keep their line breaks."""
    return escape(str(value)).replace("\n", "<br/>")


def _criteria_chart(criteria: list[dict[str, Any]]) -> Drawing:
    height = 22 * len(criteria) + 30
    drawing = Drawing(CHART_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 120, 20
    chart.width, chart.height = CHART_WIDTH - 150, height - 30
    chart.data = [[row["score"] for row in reversed(criteria)]]
    chart.categoryAxis.categoryNames = [row["name"] for row in reversed(criteria)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 9
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 8
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%.0f"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 10
    drawing.add(chart)
    return drawing


def _history_chart(history: list[dict[str, Any]]) -> Drawing:
    drawing = Drawing(CHART_WIDTH, 120)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 40, 25, CHART_WIDTH - 60, 85
    plot.data = [[(index + 1, point["score"]) for index, point in enumerate(history)]]
    plot.lines[0].strokeColor = ACCENT
    plot.lines[0].strokeWidth = 2
    plot.lines[0].symbol = makeMarker("FilledCircle", size=5, fillColor=ACCENT)
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0.5, len(history) + 0.5
    plot.xValueAxis.valueSteps = list(range(1, len(history) + 1))
    plot.xValueAxis.labelTextFormat = lambda value: formats.date_format(history[int(value) - 1]["date"], "d.m")
    plot.xValueAxis.labels.fontName = FONT
    plot.xValueAxis.labels.fontSize = 7
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = 0, 100, 25
    plot.yValueAxis.labels.fontName = FONT
    plot.yValueAxis.labels.fontSize = 8
    drawing.add(plot)
    if len(history) == 1:
        drawing.add(String(CHART_WIDTH / 2, 5, _("Your first completed interview."), fontName=FONT, fontSize=8))
    return drawing


def _question_block(question: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Any]:
    score = _("not scored") if question["score"] is None else f"{question['score']:.0f}/100"
    flow: list[Any] = [Paragraph(f"{question['order']}. {_text(question['text'])} — {score}", styles["h3"])]
    if question["reason"]:
        flow.append(Paragraph(_text(question["reason"]), styles["muted"]))
    label = _("Transcript") if question["is_transcript"] else _("Your answer")
    answer = (
        _text(question["answer"])
        if question["answer"]
        else _("Not answered (%(status)s).") % {"status": question["status"]}
    )
    flow.append(Paragraph(f"<b>{label}:</b> {answer}", styles["body"]))
    if question["evaluation_failed"]:
        flow.append(Paragraph(_("The evaluation of this answer failed; it is not counted."), styles["muted"]))
    if question["feedback"]:
        flow.append(Paragraph(f"<b>{_('Feedback')}:</b> {_text(question['feedback'])}", styles["body"]))
    if question["covered"]:
        flow.append(Paragraph(f"<b>{_('Covered')}:</b> {_text('; '.join(question['covered']))}", styles["body"]))
    if question["missed"]:
        flow.append(Paragraph(f"<b>{_('Missed')}:</b> {_text('; '.join(question['missed']))}", styles["body"]))
    if question["tests"]:
        flow.append(Paragraph(_text(question["tests"]), styles["muted"]))
    if speech := question["speech"]:
        flow.append(Paragraph(_text(speech), styles["muted"]))
    return [KeepTogether(flow[:3]), *flow[3:]]


def report_pdf(*, content: dict[str, Any]) -> bytes:
    """The PDF bytes of ``report_content``; call inside translation.override(language)."""
    _fonts()
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Interview report"),
        author="InterviewPrep",
    )
    heading = " · ".join(
        part
        for part in (
            content["title"],
            content["type"],
            content["level"],
            formats.date_format(content["completed_at"], "DATE_FORMAT") if content["completed_at"] else "",
        )
        if part
    )
    verdict = _("Passed") if content["passed"] else _("Not passed")
    flow: list[Any] = [
        Paragraph(_("Interview report"), styles["title"]),
        Paragraph(f"{_text(content['candidate'])} — {_text(heading)}", styles["muted"]),
        Spacer(1, 6 * mm),
        Table(
            [
                [
                    Paragraph(f"{content['overall_score']:.0f}", styles["score"]),
                    Paragraph(
                        f"<b>{verdict}</b> ({_('pass mark %(mark)s') % {'mark': content['pass_threshold']}})<br/>"
                        f"{_text(content['summary'])}",
                        styles["body"],
                    ),
                ]
            ],
            colWidths=[30 * mm, None],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]),
        ),
        Paragraph(_("Scores by criterion"), styles["h2"]),
        _criteria_chart(content["criteria"]),
    ]
    for title, points in ((_("Strengths"), content["strengths"]), (_("To improve"), content["improvements"])):
        if points:
            flow.append(Paragraph(title, styles["h2"]))
            flow.extend(Paragraph(f"• {_text(point)}", styles["body"]) for point in points)
    if content["history"]:
        flow += [Paragraph(_("Progress"), styles["h2"]), _history_chart(content["history"])]
    flow.append(Paragraph(_("Questions and answers"), styles["h2"]))
    for question in content["questions"]:
        flow.extend(_question_block(question, styles))
    document.build(flow)
    return buffer.getvalue()
