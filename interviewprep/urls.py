from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from operations.metrics import metrics_view
from operations.views import HealthView, ReadinessView

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

handler400 = "kernel.api.views.bad_request"
handler403 = "kernel.api.views.permission_denied"
handler404 = "kernel.api.views.not_found"
handler500 = "kernel.api.views.server_error"
