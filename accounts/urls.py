from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts.views import AuthViewSet, MeViewSet

router = SimpleRouter()
router.register("auth", AuthViewSet, basename="auth")

me = MeViewSet.as_view({"get": "retrieve"})
me_profile = MeViewSet.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"})
me_password = MeViewSet.as_view({"post": "change_password"})

urlpatterns = [
    path("auth/me/", me, name="auth-me"),
    path("users/me/", me_profile, name="users-me"),
    path("users/me/password/", me_password, name="users-me-password"),
    *router.urls,
]
