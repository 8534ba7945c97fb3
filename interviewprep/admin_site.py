"""The staff admin site, with the analytics dashboard and its JSON endpoints beside the model pages."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, path


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
            *super().get_urls(),
        ]
