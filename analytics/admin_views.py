"""The staff analytics dashboard inside the admin: one page that draws its charts
in the browser from the JSON metric endpoints (both wrapped by ``AdminSite.admin_view``,
so only active staff reach them)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from analytics.selectors import METRICS, metric_compute

DEFAULT_DAYS = 30
MAX_DAYS = 366


def _range_parse(params: Any) -> tuple[date, date] | None:
    """``start``/``end`` as ISO dates (default: the last 30 days), or None when malformed or over a year."""
    today = timezone.now().date()
    try:
        end = date.fromisoformat(params["end"]) if params.get("end") else today
        start = date.fromisoformat(params["start"]) if params.get("start") else end - timedelta(days=DEFAULT_DAYS - 1)
    except ValueError:
        return None
    return (start, end) if start <= end and (end - start).days < MAX_DAYS else None


def dashboard_view(request: HttpRequest, *, site: AdminSite) -> HttpResponse:
    today = timezone.now().date()
    context = {
        **site.each_context(request),
        "title": "Analytics",
        "start": today - timedelta(days=DEFAULT_DAYS - 1),
        "end": today,
        "metrics": list(METRICS),
    }
    return TemplateResponse(request, "admin/analytics/dashboard.html", context)


def metric_view(request: HttpRequest, metric: str) -> JsonResponse:
    bounds = _range_parse(request.GET)
    if bounds is None:
        return JsonResponse(
            {"error": f"start and end must be YYYY-MM-DD, start <= end, at most {MAX_DAYS} days"}, status=400
        )
    start, end = bounds
    data = metric_compute(name=metric, start=start, end=end)
    if data is None:
        return JsonResponse({"error": f"unknown metric {metric}"}, status=404)
    return JsonResponse({"metric": metric, "start": start.isoformat(), "end": end.isoformat(), **data})
