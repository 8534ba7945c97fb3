"""The staff admin site, with the analytics dashboard and its JSON endpoints beside the model pages,
and a sign-in page rate limited like the API's."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.contenttypes import views as contenttype_views
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _

from accounts import services
from kernel.api.ratelimit import client_ip
from kernel.errors import ApplicationError, ServiceUnavailable, TooManyRequests


def view_on_site(request: HttpRequest, content_type_id: str, object_id: str) -> HttpResponse:
    """Django's "view on site" redirect, with a malformed id a 404: on MongoDB ids are ObjectIds, and
    the stock view lets their ValidationError through as a 500."""
    try:
        return contenttype_views.shortcut(request, content_type_id, object_id)
    except ValidationError as exc:
        raise Http404 from exc


class InterviewPrepAdminSite(admin.AdminSite):
    site_header = "InterviewPrep staff"
    site_title = "InterviewPrep admin"
    index_title = "Run the business"
    index_template = "admin/analytics/index.html"  # the stock index plus a link to the dashboard

    def get_urls(self) -> list[URLPattern | URLResolver]:
        from analytics.admin_views import dashboard_view, metric_view

        # Before the stock URLs, so "analytics/dashboard/" is not read as a model of the analytics app.
        return [
            path(
                "analytics/dashboard/",
                self.admin_view(dashboard_view),
                {"site": self},
                name="analytics_dashboard",
            ),
            path("analytics/api/<slug:metric>/", self.admin_view(metric_view), name="analytics_metric"),
            path("r/<path:content_type_id>/<path:object_id>/", self.admin_view(view_on_site), name="view_on_site"),
            *(url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"),
        ]

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.method != "POST":
            return super().login(request, extra_context)
        email = request.POST.get("username", "")
        try:
            services.admin_login_check(email=email, client_ip=client_ip(request))
            response = super().login(request, extra_context)
            if response.status_code != 302:  # success redirects; a refusal shows the form again
                services.admin_login_failed(email=email)
        except TooManyRequests as exc:
            minutes = -(-exc.details["retry_after"] // 60)
            message = _("Too many sign-in attempts. Try again in %(minutes)d minute(s).") % {"minutes": minutes}
            return self._login_refused(request, exc, message)
        except ServiceUnavailable as exc:  # the attempt counters (Redis) are down: fail closed
            return self._login_refused(request, exc, _("Sign-in is unavailable for a moment. Try again shortly."))
        return response

    def _login_refused(self, request: HttpRequest, exc: ApplicationError, message: str) -> HttpResponse:
        context = {**self.each_context(request), "title": _("Sign-in paused"), "message": message}
        return TemplateResponse(
            request, "admin/login_locked.html", context, status=exc.status_code, headers=exc.headers
        )
