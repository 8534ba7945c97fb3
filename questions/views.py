"""Question bank endpoints: thin views over questions.selectors and questions.services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.authentication import authenticated_user
from kernel.api.schema import error_response
from kernel.cache import cached
from questions import selectors, services
from questions import serializers as s

ID_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Question id (ObjectId hex)."
)


class QuestionViewSet(viewsets.GenericViewSet):
    """The question bank. Staff also see sample answers, key points and inactive questions."""

    serializer_class = s.QuestionSerializer
    lookup_url_kwarg = "id"
    filter_backends: list[type] = []  # the selector filters, from validated query parameters

    def _is_staff(self) -> bool:
        return authenticated_user(self.request).is_staff

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "staff": self._is_staff()}

    @extend_schema(parameters=[s.QuestionFilterSerializer])
    def list(self, request: Request) -> Response:
        """Pages are cached until the bank changes, per audience (staff see more) and per
        normalised query; the page links are absolute, so the base URL is part of the key."""
        filters = s.QuestionFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        staff = self._is_staff()
        key = selectors.question_bank_cache_key(
            "list",
            staff,
            request.build_absolute_uri(request.path),
            sorted(filters.validated_data.items()),
            request.query_params.get("page", ""),
            request.query_params.get("page_size", ""),
        )

        def page() -> dict[str, Any]:
            queryset = selectors.question_list(filters=filters.validated_data, include_inactive=staff)
            questions = self.paginate_queryset(queryset)
            return dict(self.get_paginated_response(self.get_serializer(questions, many=True).data).data)

        return Response(cached(key, page, timeout=settings.API_CACHE_SECONDS))

    @extend_schema(parameters=[ID_PARAMETER])
    def retrieve(self, request: Request, id: str) -> Response:
        staff = self._is_staff()

        def question() -> dict[str, Any]:
            return dict(self.get_serializer(selectors.question_get(question_id=id, staff=staff)).data)

        key = selectors.question_bank_cache_key("detail", staff, id)
        return Response(cached(key, question, timeout=settings.API_CACHE_SECONDS))

    @extend_schema(
        request=s.QuestionGenerateSerializer,
        responses={
            201: s.GeneratedQuestionsSerializer,
            503: error_response("The AI provider is unavailable; try again shortly."),
        },
    )
    @action(detail=False, methods=["post"])
    def generate(self, request: Request) -> Response:
        """Generate questions with AI and add the new ones to the bank (premium plan)."""
        data = s.QuestionGenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        questions = services.questions_generate(user=authenticated_user(request), **data.validated_data)
        return Response({"results": self.get_serializer(questions, many=True).data}, status=status.HTTP_201_CREATED)


class TrackViewSet(viewsets.GenericViewSet):
    """Company and role tracks curated by staff; start one with ``track_id`` in POST /interviews/."""

    serializer_class = s.TrackSerializer
    filter_backends: list[type] = []

    @extend_schema(parameters=[s.TrackFilterSerializer])
    def list(self, request: Request) -> Response:
        filters = s.TrackFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = self.paginate_queryset(selectors.track_list(**filters.validated_data))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
