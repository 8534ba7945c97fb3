from django.urls import path

from billing.views import BillingViewSet, PlanViewSet

urlpatterns = [
    path("billing/plans/", PlanViewSet.as_view({"get": "list"}), name="billing-plans"),
    path("billing/subscription/", BillingViewSet.as_view({"get": "subscription"}), name="billing-subscription"),
    path("billing/checkout-session/", BillingViewSet.as_view({"post": "checkout"}), name="billing-checkout"),
    path("billing/portal-session/", BillingViewSet.as_view({"post": "portal"}), name="billing-portal"),
    path("billing/payments/", BillingViewSet.as_view({"get": "payments"}), name="billing-payments"),
]
