"""Coaching endpoints: thin views over coaching.services and coaching.selectors."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.authentication import authenticated_user
from coaching import selectors, services
from coaching import serializers as s
from kernel.api.schema import error_response

PLAN_REQUIRED = error_response("`plan_required`: the user's plan does not include this feature.")
ROADMAP_ID = OpenApiParameter("id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Roadmap id (ObjectId hex).")
ITEM_ID = OpenApiParameter(
    "item_id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Roadmap item id (ObjectId hex)."
)


class ResumeViewSet(viewsets.GenericViewSet):
    """The caller's one current resume."""

    serializer_class = s.ResumeSerializer
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={200: s.ResumeSerializer, 403: PLAN_REQUIRED}, operation_id="resume_retrieve")
    def retrieve(self, request: Request) -> Response:
        return Response(s.ResumeSerializer(selectors.resume_get(user=authenticated_user(request))).data)

    @extend_schema(
        request={"multipart/form-data": s.ResumeUploadSerializer},
        responses={
            201: s.ResumeSerializer,
            400: error_response("`resume_empty`, `resume_encrypted`, `resume_unreadable` or `resume_no_text`."),
            403: PLAN_REQUIRED,
            413: error_response("The file is larger than 5 MB."),
            415: error_response("The file is not a PDF, DOCX or plain-text document."),
        },
        operation_id="resume_upload",
    )
    def create(self, request: Request) -> Response:
        data = s.ResumeUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        resume = services.resume_upload(user=authenticated_user(request), file=data.validated_data["file"])
        resume.refresh_from_db()  # an eager analysis may already have finished
        return Response(s.ResumeSerializer(resume).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None}, operation_id="resume_delete")
    def destroy(self, request: Request) -> Response:
        services.resume_delete(user=authenticated_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class RoadmapViewSet(viewsets.GenericViewSet):
    serializer_class = s.RoadmapSerializer

    @extend_schema(responses={200: s.RoadmapWithReviewsSerializer, 403: PLAN_REQUIRED}, operation_id="roadmap_retrieve")
    def retrieve(self, request: Request) -> Response:
        user = authenticated_user(request)
        roadmap = selectors.roadmap_current(user=user)
        context = {"due_reviews": selectors.practice_due(user=user)}
        return Response(s.RoadmapWithReviewsSerializer(roadmap, context=context).data)

    @extend_schema(
        request=s.RoadmapGenerateSerializer,
        responses={201: s.RoadmapSerializer, 403: PLAN_REQUIRED, 503: error_response("`ai_unavailable`.")},
        operation_id="roadmap_generate",
    )
    def generate(self, request: Request) -> Response:
        data = s.RoadmapGenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        roadmap = services.roadmap_generate(user=authenticated_user(request), **data.validated_data)
        return Response(s.RoadmapSerializer(roadmap).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ROADMAP_ID, ITEM_ID],
        request=s.RoadmapItemUpdateSerializer,
        responses={200: s.RoadmapSerializer, 403: PLAN_REQUIRED},
        operation_id="roadmap_item_update",
    )
    def item_update(self, request: Request, id: str, item_id: str) -> Response:
        data = s.RoadmapItemUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        roadmap = services.roadmap_item_set(
            user=authenticated_user(request), roadmap_id=id, item_id=item_id, **data.validated_data
        )
        return Response(s.RoadmapSerializer(roadmap).data)


class ChatViewSet(viewsets.GenericViewSet):
    serializer_class = s.ConversationSerializer

    @extend_schema(responses={200: s.ConversationSerializer, 403: PLAN_REQUIRED}, operation_id="chat_retrieve")
    def retrieve(self, request: Request) -> Response:
        messages = selectors.conversation_messages(user=authenticated_user(request))
        return Response(s.ConversationSerializer({"messages": messages}).data)

    @extend_schema(
        request=s.ChatMessageCreateSerializer,
        responses={
            201: s.ChatReplySerializer,
            403: PLAN_REQUIRED,
            429: error_response("`rate_limited`, or `daily_limit_reached` when today's messages are used up."),
            503: error_response("`ai_unavailable`."),
        },
        operation_id="chat_message_create",
    )
    def message(self, request: Request) -> Response:
        data = s.ChatMessageCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reply = services.chat_message_send(user=authenticated_user(request), **data.validated_data)
        return Response(s.ChatReplySerializer(reply).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None}, operation_id="chat_clear")
    def destroy(self, request: Request) -> Response:
        services.chat_clear(user=authenticated_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
