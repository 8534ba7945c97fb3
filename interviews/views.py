"""Interview endpoints: thin views over interviews.services and interviews.selectors."""

from __future__ import annotations

import json
from typing import Any

from django.http import FileResponse, HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import (
    action,
    api_view,
    authentication_classes,
    permission_classes,
    renderer_classes,
)
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.authentication import authenticated_user
from interviews import selectors, services
from interviews import serializers as s
from interviews.models import Interview
from interviews.report import interview_report_html, interview_report_pdf
from kernel.api.schema import error_response
from kernel.errors import NotFound

ID_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Interview id (ObjectId hex)."
)
ANSWER_ID_PARAMETER = OpenApiParameter(
    "answer_id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Answer id (ObjectId hex)."
)


class DocumentRenderer(BaseRenderer):
    """Serves a document the view made (PDF bytes, an HTML page); an error is still the JSON envelope."""

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if isinstance(data, bytes | str):
            return data.encode() if isinstance(data, str) else data
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return json.dumps(data).encode()


class PDFRenderer(DocumentRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None


class PageRenderer(DocumentRenderer):
    media_type = "text/html"
    format = "html"


class InterviewViewSet(viewsets.GenericViewSet):
    """The caller's mock interviews; another user's interview is a 404."""

    serializer_class = s.InterviewSerializer
    lookup_url_kwarg = "id"
    filter_backends: list[type] = []

    def _interview(self) -> Interview:
        return selectors.interview_get(user=authenticated_user(self.request), interview_id=self.kwargs["id"])

    @extend_schema(parameters=[s.InterviewListFilterSerializer])
    def list(self, request: Request) -> Response:
        filters = s.InterviewListFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = selectors.interview_list(
            user=authenticated_user(request), status=filters.validated_data.get("status", "")
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(s.InterviewSerializer(page, many=True).data)

    @extend_schema(
        request=s.InterviewStartSerializer,
        responses={
            201: s.InterviewSerializer,
            400: error_response("Invalid input, or `no_questions_available` for this type and level."),
            403: error_response("`plan_required`: `generate_missing` needs a plan with question generation."),
            404: error_response("`track_id` names no active track."),
            429: error_response("`quota_exceeded`: the weekly allowance is used up; or too many AI requests."),
        },
    )
    def create(self, request: Request) -> Response:
        data = s.InterviewStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        interview = services.interview_start(user=authenticated_user(request), **data.validated_data)
        return Response(s.InterviewSerializer(interview).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[ID_PARAMETER])
    def retrieve(self, request: Request, id: str) -> Response:
        return Response(s.InterviewSerializer(self._interview()).data)

    @extend_schema(parameters=[ID_PARAMETER], responses={204: None})
    def destroy(self, request: Request, id: str) -> Response:
        services.interview_delete(interview=self._interview())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        methods=["GET"],
        parameters=[ID_PARAMETER],
        responses={200: s.AnswerSerializer(many=True)},
        operation_id="interviews_answers_list",
    )
    @extend_schema(
        methods=["POST"],
        parameters=[ID_PARAMETER],
        request={"application/json": s.AnswerCreateSerializer, "multipart/form-data": s.AnswerCreateSerializer},
        responses={
            201: s.AnswerSerializer,
            409: error_response(
                "The interview no longer accepts answers, or the earlier take is still being evaluated."
            ),
            413: error_response("The recording is larger than 10 MB."),
            415: error_response("The upload is not webm, ogg, mp3, m4a or wav audio."),
            429: error_response("`quota_exceeded`: a retake, and the plan's weekly retakes and re-runs are used up."),
        },
        operation_id="interviews_answers_create",
    )
    @action(detail=True, methods=["get", "post"])
    def answers(self, request: Request, id: str) -> Response:
        """POST answers a question; answering it again is a retake (the earlier take is kept in
        ``previous_attempts``). The answer is returned as stored; its evaluation_status is the
        current one (``pending`` with a real worker; possibly already ``done`` when tasks run eagerly)."""
        interview = self._interview()
        if request.method == "GET":
            answers = selectors.answers_for(interview=interview)
            return Response(s.AnswerSerializer(answers, many=True, context={"request": request}).data)
        data = s.AnswerCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = services.answer_submit(interview=interview, **data.validated_data)
        answer.refresh_from_db()
        return Response(s.AnswerSerializer(answer, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PARAMETER, ANSWER_ID_PARAMETER],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The recording.")
        },
    )
    @action(detail=True, methods=["get"], url_path=r"answers/(?P<answer_id>[^/.]+)/audio", url_name="answer-audio")
    def answer_audio(self, request: Request, id: str, answer_id: str) -> FileResponse:
        """The recording of one of the caller's answers (local storage; S3 serves signed URLs instead)."""
        answer = selectors.answer_get(interview=self._interview(), answer_id=answer_id)
        if not answer.audio:
            raise NotFound()
        # The type sniffed at upload and a download, never rendered inline (nosniff comes from SecurityMiddleware).
        return FileResponse(
            answer.audio.open("rb"),
            as_attachment=True,
            content_type=answer.audio_content_type or "application/octet-stream",
        )

    @extend_schema(
        parameters=[ID_PARAMETER, ANSWER_ID_PARAMETER],
        request=None,
        responses={
            202: s.AnswerSerializer,
            404: error_response("No such interview or answer of yours."),
            409: error_response("`evaluation_not_failed`: only a failed evaluation can be run again."),
            429: error_response("`quota_exceeded`: the plan's weekly retakes and re-runs are used up."),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"answers/(?P<answer_id>[^/.]+)/reevaluate",
        url_name="answer-reevaluate",
    )
    def answer_reevaluate(self, request: Request, id: str, answer_id: str) -> Response:
        answer = services.answer_reevaluate(
            user=authenticated_user(request), interview=self._interview(), answer_id=answer_id
        )
        return Response(s.AnswerSerializer(answer, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=s.CodeRunSerializer,
        responses={
            200: s.CodeRunResultSerializer,
            400: error_response("Not a coding question, an unsupported language, or empty code."),
            404: error_response("`question_not_in_interview`: the question is not part of this interview."),
            429: error_response("`rate_limited`: too many runs; see `Retry-After`."),
            503: error_response("`sandbox_unavailable`: no sandbox answered in time; try again."),
        },
    )
    @action(detail=True, methods=["post"])
    def run(self, request: Request, id: str) -> Response:
        """Run code on a coding question's visible examples, in the sandbox worker; nothing is stored or graded.
        The verdict is that of the first example that does not pass."""
        data = s.CodeRunSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.code_run(user=authenticated_user(request), interview=self._interview(), **data.validated_data)
        return Response(s.CodeRunResultSerializer(result).data)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=None,
        responses={202: s.StatusSerializer, 409: error_response("The interview was abandoned.")},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, id: str) -> Response:
        interview = services.interview_complete(interview=self._interview())
        interview.refresh_from_db(fields=["status"])
        return Response({"status": interview.status}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        parameters=[ID_PARAMETER],
        responses={
            200: s.ResultSerializer,
            202: s.StatusSerializer,
            409: error_response("`interview_not_completed`: complete the interview first."),
        },
    )
    @action(detail=True, methods=["get"])
    def result(self, request: Request, id: str) -> Response:
        result = selectors.interview_result(user=authenticated_user(request), interview_id=id)
        if result is None:
            return Response({"status": "pending"}, status=status.HTTP_202_ACCEPTED)
        return Response(result)

    @extend_schema(
        parameters=[ID_PARAMETER],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The report."),
            404: error_response("No such interview of yours."),
            409: error_response("`interview_not_completed`: the result is not compiled yet."),
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PDFRenderer])
    def report(self, request: Request, id: str) -> HttpResponse:
        """The report as a PDF: scores with a chart, every answer with its feedback, speech metrics
        and the history trend, in the user's language."""
        interview = self._interview()
        response = HttpResponse(interview_report_pdf(interview=interview), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="interview-report-{interview.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(
        methods=["POST"],
        parameters=[ID_PARAMETER],
        request=s.ShareCreateSerializer,
        responses={
            201: s.ShareLinkSerializer,
            404: error_response("No such interview of yours."),
            409: error_response("`interview_not_completed`: only a compiled result can be shared."),
        },
        operation_id="interviews_share_create",
    )
    @extend_schema(
        methods=["DELETE"],
        parameters=[ID_PARAMETER],
        responses={204: None, 404: error_response("No such interview of yours.")},
        operation_id="interviews_share_revoke",
    )
    @action(detail=True, methods=["post", "delete"])
    def share(self, request: Request, id: str) -> Response:
        """POST creates a read-only link to the report (the token is shown once); DELETE revokes every link."""
        interview = self._interview()
        if request.method == "DELETE":
            services.share_links_revoke(interview=interview)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = s.ShareCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        link, token = services.share_link_create(interview=interview, days=data.validated_data["expires_in_days"])
        url = request.build_absolute_uri(reverse("shared-report", kwargs={"token": token}))
        return Response(
            {"url": url, "token": token, "expires_at": link.expires_at, "created_at": link.created_at},
            status=status.HTTP_201_CREATED,
        )


@extend_schema(
    parameters=[OpenApiParameter("token", OpenApiTypes.STR, OpenApiParameter.PATH, description="The share token.")],
    responses={
        (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="The report as a page."),
        404: error_response("Unknown, expired or revoked link."),
    },
    operation_id="shared_report_page",
    auth=[],
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
# JSON too, so the schema documents the error envelope's type next to the page's.
@renderer_classes([PageRenderer, JSONRenderer])
def shared_report(request: Request, token: str) -> Response:
    """The report behind a share link, as a page without the owner's email; 404 once it expired or was revoked."""
    html = interview_report_html(interview=selectors.interview_shared(token=token))
    headers = {
        "Cache-Control": "private, no-store",
        "X-Robots-Tag": "noindex, nofollow",
        "Referrer-Policy": "no-referrer",
    }
    return Response(html, content_type="text/html; charset=utf-8", headers=headers)


class StatsViewSet(viewsets.GenericViewSet):
    serializer_class = s.UserStatsSerializer

    @extend_schema(responses={200: s.UserStatsSerializer}, operation_id="users_me_stats")
    def retrieve(self, request: Request) -> Response:
        return Response(s.UserStatsSerializer(selectors.user_stats(user=authenticated_user(request))).data)
