"""Messages API: a client's thread (the client, and every coach and owner of the organization)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from billing.review import messaging_for
from coaching.api.base import ALL_ROLES, OneClientMixin, OrganizationAPIView
from coaching.local_sql import day_range
from messaging import attachments, services
from messaging.core import rules
from messaging.models import Message
from messaging.serializers import (
    MessageSerializer,
    NewMessageSerializer,
    ReadResultSerializer,
    ReadSerializer,
)

NOT_FOUND = OpenApiResponse(description="Not in this organization (or no such client).")
BAD_REQUEST = OpenApiResponse(description="{field: [messages]}")
NO_MESSAGING = OpenApiResponse(
    description="The client's tier does not include messaging (they check in or ask for a review)."
)


def parse_since(value: str, zone_name: str = "UTC"):
    """``?since=``: a message id (messages after it) or an ISO date or time (messages after
    it; a date is its start in ``zone_name``, the client's zone). Returns a filter for Message,
    or raises a 400 naming ``since``."""
    if value.isdigit():
        return {"id__gt": int(value)}
    try:
        moment = parse_datetime(value)
        day = parse_date(value) if moment is None else None
    except ValueError:
        moment = day = None
    if day is not None:
        return {"created_at__gte": day_range("created_at", day, None, zone_name)["created_at__gte"]}
    if moment is None:
        raise ValidationError({"since": ["Use a message id or an ISO 8601 date or time."]})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return {"created_at__gt": moment}


class ThreadMixin(OneClientMixin):
    def thread(self, pk: int):
        """The client (404 for anyone the caller may not see) and their thread, unsaved and
        empty when nobody has written yet (a read does not create it)."""
        client = self.get_client(pk)
        return client, services.existing_thread(client)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "since", str, description="A message id, or an ISO date or time: only later messages"
        )
    ]
)
class MessageListView(ThreadMixin, OrganizationAPIView, generics.GenericAPIView):
    """The client's thread with their coaching team, oldest first (newest last), paginated.
    POST writes a message: the client (when their tier includes messaging) or any coach or
    owner. Another client's thread is a 404."""

    model = Message
    allowed_roles = ALL_ROLES
    serializer_class = MessageSerializer

    @extend_schema(responses={200: MessageSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND})
    def get(self, request, org, pk):
        client, thread = self.thread(pk)
        messages = (
            Message.objects.filter(thread=thread).select_related("author").order_by("id")
            if thread.pk
            else Message.objects.none()
        )
        since = request.query_params.get("since")
        if since:
            messages = messages.filter(**parse_since(since, client.zone_name))
        page = self.paginate_queryset(messages)
        context = {"thread": thread, "attachments": self._attachments(page)}
        serializer = MessageSerializer(page, many=True, context=context)
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        request=NewMessageSerializer,
        responses={201: MessageSerializer, 400: BAD_REQUEST, 403: NO_MESSAGING, 404: NOT_FOUND},
    )
    def post(self, request, org, pk):
        client = self.get_client(pk)
        role = self.membership.role
        if not rules.may_write(role, messaging_for(client).enabled):
            raise PermissionDenied(
                "Your plan does not include messaging: check in, or ask your coach for a review."
            )
        serializer = NewMessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            message = services.post_message(
                client,
                author=request.user,
                role=role,
                body=serializer.validated_data["body"],
                attachments=serializer.validated_data["attachments"],
            )
        except services.InvalidMessage as exc:
            raise ValidationError({exc.field: [str(exc)]}) from None
        context = {"thread": message.thread, "attachments": self._attachments([message])}
        return Response(MessageSerializer(message, context=context).data, status=201)

    def _attachments(self, messages) -> dict:
        return attachments.describe(messages, self.membership.role, self.organization.slug)


class MessageReadView(ThreadMixin, OrganizationAPIView):
    """Mark the thread read up to a message, for the caller's side (the client, or the team)."""

    allowed_roles = ALL_ROLES

    @extend_schema(
        request=ReadSerializer,
        responses={200: ReadResultSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def post(self, request, org, pk):
        client, thread = self.thread(pk)
        serializer = ReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        role = self.membership.role
        try:
            read_up_to = services.mark_read(thread, role, serializer.validated_data["up_to"])
        except services.InvalidMessage as exc:
            raise ValidationError({exc.field: [str(exc)]}) from None
        unread = (
            Message.objects.filter(thread=thread, id__gt=read_up_to)
            .exclude(author_role__in=rules.roles_of(rules.side_of(role)))
            .count()
        )
        return Response({"read_up_to": read_up_to, "unread": unread})
