from rest_framework.routers import SimpleRouter

from questions.views import QuestionViewSet, TrackViewSet

router = SimpleRouter()
router.register("questions", QuestionViewSet, basename="question")
router.register("tracks", TrackViewSet, basename="track")

urlpatterns = router.urls
