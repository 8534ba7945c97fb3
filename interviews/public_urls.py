"""Pages outside the API: a shared interview report, served at /r/<token>/."""

from django.urls import path

from interviews.views import shared_report

urlpatterns = [path("<str:token>/", shared_report, name="shared-report")]
