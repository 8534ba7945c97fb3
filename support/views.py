"""Support endpoints: thin views over support.services and support.selectors."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.authentication import authenticated_user
from kernel.api.schema import error_response
from support import selectors, services
from support import serializers as s

ID_PARAMETER = OpenApiParameter("id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Ticket id (ObjectId hex).")


class TicketViewSet(viewsets.GenericViewSet):
    """The caller's support tickets; another user's ticket is a 404."""

    serializer_class = s.TicketSerializer
    lookup_url_kwarg = "id"
    filter_backends: list[type] = []

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.ticket_list(user=authenticated_user(request)))
        return self.get_paginated_response(s.TicketSerializer(page, many=True).data)

    @extend_schema(
        request=s.TicketCreateSerializer,
        responses={201: s.TicketDetailSerializer, 429: error_response("`rate_limited`: too many new tickets.")},
    )
    def create(self, request: Request) -> Response:
        data = s.TicketCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = services.ticket_create(user=authenticated_user(request), **data.validated_data)
        return Response(s.TicketDetailSerializer(ticket).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[ID_PARAMETER], responses={200: s.TicketDetailSerializer})
    def retrieve(self, request: Request, id: str) -> Response:
        ticket = selectors.ticket_get(user=authenticated_user(request), ticket_id=id)
        return Response(s.TicketDetailSerializer(ticket).data)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=s.TicketMessageCreateSerializer,
        responses={
            201: s.TicketDetailSerializer,
            409: error_response("`ticket_thread_full`: the conversation is too long; open a new ticket."),
        },
    )
    @action(detail=True, methods=["post"])
    def messages(self, request: Request, id: str) -> Response:
        """The caller's reply; it reopens a resolved ticket. Returns the ticket with its thread."""
        user = authenticated_user(request)
        ticket = selectors.ticket_get(user=user, ticket_id=id)
        data = s.TicketMessageCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.ticket_reply_create(ticket=ticket, author=user, body=data.validated_data["message"], is_staff=False)
        return Response(s.TicketDetailSerializer(ticket).data, status=status.HTTP_201_CREATED)
