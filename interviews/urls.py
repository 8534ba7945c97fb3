from django.urls import path
from rest_framework.routers import SimpleRouter

from interviews.views import InterviewViewSet, StatsViewSet

router = SimpleRouter()
router.register("interviews", InterviewViewSet, basename="interview")

urlpatterns = [
    path("users/me/stats/", StatsViewSet.as_view({"get": "retrieve"}), name="users-me-stats"),
    *router.urls,
]
