from rest_framework.routers import SimpleRouter

from support.views import TicketViewSet

router = SimpleRouter()
router.register("support/tickets", TicketViewSet, basename="ticket")

urlpatterns = router.urls
