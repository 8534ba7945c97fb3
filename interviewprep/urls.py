from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from interviewprep.api.views import HealthView, ReadinessView
from interviewprep.metrics import metrics_view

api_v1: list[URLPattern | URLResolver] = [
    path("health/", HealthView.as_view(), name="health"),
    path("health/ready/", ReadinessView.as_view(), name="health-ready"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("", include("accounts.urls")),
    path("", include("questions.urls")),
    path("", include("interviews.urls")),
    path("", include("coaching.urls")),
    path("", include("billing.urls")),
    path("", include("support.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("metrics", metrics_view, name="metrics"),
    # Shared interview reports: public pages, outside the API.
    path("r/", include("interviews.public_urls")),
    # Stripe webhooks: /stripe/webhook/<endpoint uuid>/ (see register_stripe_webhook).
    path("stripe/", include("djstripe.urls", namespace="djstripe")),
]

handler400 = "interviewprep.api.views.bad_request"
handler403 = "interviewprep.api.views.permission_denied"
handler404 = "interviewprep.api.views.not_found"
handler500 = "interviewprep.api.views.server_error"
