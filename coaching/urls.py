from django.urls import path

from coaching.views import ChatViewSet, ResumeViewSet, RoadmapViewSet

urlpatterns = [
    path(
        "resume/",
        ResumeViewSet.as_view({"get": "retrieve", "post": "create", "delete": "destroy"}),
        name="resume",
    ),
    path("roadmap/", RoadmapViewSet.as_view({"get": "retrieve"}), name="roadmap"),
    path("roadmap/generate/", RoadmapViewSet.as_view({"post": "generate"}), name="roadmap-generate"),
    path(
        "roadmap/<str:id>/items/<str:item_id>/",
        RoadmapViewSet.as_view({"patch": "item_update"}),
        name="roadmap-item",
    ),
    path("chat/", ChatViewSet.as_view({"get": "retrieve", "delete": "destroy"}), name="chat"),
    path("chat/messages/", ChatViewSet.as_view({"post": "message"}), name="chat-messages"),
]
