"""Triage API: check-ins, the review queue, escalation rules, reply templates, scores."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from coaching.api.base import OWNER_ONLY, STAFF, OneClientMixin, OrganizationAPIView
from coaching.core.daterange import day_problem
from messaging.services import InvalidMessage
from triage import habits, queue, weekly
from triage.checkins import submit_check_in
from triage.client_trends import load_trends
from triage.core import queue_rules
from triage.core.habit_rules import check_day_problem
from triage.models import (
    AdherenceScore,
    CheckIn,
    EscalationRule,
    Habit,
    HabitCheck,
    ReplyTemplate,
    ReviewItem,
    SummaryStatus,
    WeeklySummary,
)
from triage.serializers import (
    AdherenceScoreSerializer,
    AutomationHoldSerializer,
    CheckInResultSerializer,
    CheckInSerializer,
    ClientCardSerializer,
    ClientResolvedSerializer,
    ClientResolveSerializer,
    ClientTrendsSerializer,
    EscalationRuleSerializer,
    FlagSerializer,
    HabitCheckSerializer,
    HabitSerializer,
    HabitTickSerializer,
    HoldReleaseSerializer,
    ReplyTemplateSerializer,
    ResolveSerializer,
    ReviewItemSerializer,
    WeeklyEscalateSerializer,
    WeeklyReplySerializer,
    WeeklySummarySerializer,
)

NOT_FOUND = OpenApiResponse(description="Not in this organization (or no such object).")
FORBIDDEN = OpenApiResponse(description="Your role may not do this.")
BAD_REQUEST = OpenApiResponse(description="A bad parameter: {field: [messages]}.")
CONFLICT = OpenApiResponse(description="Not possible in the current state (reason in detail).")


@extend_schema(
    parameters=[
        OpenApiParameter("status", str, enum=["open", "resolved"]),
        OpenApiParameter("client", int),
        OpenApiParameter("level", str, enum=["red", "yellow", "green"]),
        OpenApiParameter("assigned", str, description="'me' for items assigned to the caller"),
    ],
    responses={200: ReviewItemSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
)
class ReviewQueueView(OrganizationAPIView, generics.ListAPIView):
    """The review queue, most urgent first: red before yellow, overdue first, then earliest due."""

    model = ReviewItem
    allowed_roles = STAFF
    serializer_class = ReviewItemSerializer

    def scope_queryset(self, queryset):
        params = self.request.query_params
        status_param = params.get("status", "open")
        if status_param not in ("open", "resolved"):
            raise ValidationError({"status": ["Use open or resolved."]})
        queryset = queryset.filter(status=status_param).select_related("client__user")
        if params.get("client"):
            if not params["client"].isdigit():
                raise ValidationError({"client": ["Use a client id."]})
            queryset = queryset.filter(client_id=int(params["client"]))
        if params.get("level"):
            queryset = queryset.filter(level=params["level"])
        if params.get("assigned") == "me":
            queryset = queryset.filter(assigned_to=self.request.user)
        if status_param == "resolved":
            return queryset.order_by("-resolved_at")
        return queue.urgency_ordered(queryset)


@extend_schema(
    parameters=[
        OpenApiParameter("status", str, enum=["open"], description="Only open items make cards."),
        OpenApiParameter(
            "clients", str, enum=["all", "mine"], description="'mine': the caller's clients"
        ),
    ],
    responses={
        200: ClientCardSerializer(many=True),
        400: BAD_REQUEST,
        403: FORBIDDEN,
        404: NOT_FOUND,
    },
)
class ReviewQueueByClientView(OrganizationAPIView, generics.ListAPIView):
    """The review queue with one entry per client, most urgent first: the client's highest
    level, then their earliest due time (overdue first). Each entry lists all their open
    reasons, the most urgent item's first."""

    model = ReviewItem
    allowed_roles = STAFF
    serializer_class = ClientCardSerializer

    def scope_queryset(self, queryset):
        params = self.request.query_params
        if params.get("status", "open") != "open":
            raise ValidationError({"status": ["Only open items are grouped by client: use open."]})
        clients = params.get("clients", "all")
        if clients not in ("all", "mine"):
            raise ValidationError({"clients": ["Use all or mine."]})
        queryset = queryset.filter(status="open")
        if clients == "mine":
            queryset = queryset.filter(client__coach=self.request.user)
        return queryset

    def list(self, request, *args, **kwargs):
        open_items = self.get_queryset()
        page = self.paginate_queryset(queue.clients_by_urgency(open_items))
        cards = queue.client_cards(open_items, [row["client_id"] for row in page])
        return self.get_paginated_response(ClientCardSerializer(cards, many=True).data)


class ClientResolveView(OneClientMixin, OrganizationAPIView):
    """Resolve all of a client's open items at once (or those named in ``items``), atomically,
    with one reply. The automation hold follows the same rule as resolving one by one."""

    allowed_roles = STAFF
    model = ReviewItem

    @extend_schema(
        request=ClientResolveSerializer,
        responses={
            200: ClientResolvedSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, org, pk):
        client = self.get_client(pk)
        serializer = ClientResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        open_items = list(
            queue.urgency_ordered(ReviewItem.objects.filter(client=client, status="open"))
        )
        if not open_items:
            return Response(
                {"detail": "Nothing is open for this client."}, status=status.HTTP_409_CONFLICT
            )
        by_id = {item.pk: item for item in open_items}
        try:
            chosen = queue_rules.chosen_items(list(by_id), data.get("items"))
        except ValueError as exc:
            raise ValidationError({"items": [str(exc)]}) from None
        try:
            items = queue.resolve_items(
                [by_id[item_id] for item_id in chosen],
                resolution=data["resolution"],
                message=data["message"],
                by=request.user,
                minutes_spent=data.get("minutes_spent"),
            )
        except queue.AlreadyResolved as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        client.refresh_from_db(fields=["automation_hold"])
        return Response(
            ClientResolvedSerializer(
                {
                    "client": {"id": client.pk, "name": client.user.display_name},
                    "automation_hold": client.automation_hold,
                    "items": items,
                }
            ).data
        )


class HoldReleaseView(OneClientMixin, OrganizationAPIView):
    """A coach lifts a client's automation hold with its own step, saying why: who, when and
    the note are recorded and shown on the coach's client page. Held recommendations go back
    to review."""

    allowed_roles = STAFF
    model = ReviewItem

    @extend_schema(
        request=HoldReleaseSerializer,
        responses={
            200: AutomationHoldSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, org, pk):
        client = self.get_client(pk)
        serializer = HoldReleaseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            hold = queue.release_hold(
                client, by=request.user, note=serializer.validated_data["note"]
            )
        except queue.CannotRelease as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(AutomationHoldSerializer(hold).data)


class ResolveView(OrganizationAPIView):
    """Resolve an item with the message sent to the client. Clearing red lifts the hold."""

    allowed_roles = STAFF

    @extend_schema(
        request=ResolveSerializer,
        responses={200: ReviewItemSerializer, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, org, pk):
        item = get_object_or_404(ReviewItem.objects.select_related("client__user"), pk=pk)
        serializer = ResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            item = queue.resolve_item(
                item,
                resolution=serializer.validated_data["resolution"],
                message=serializer.validated_data["message"],
                by=request.user,
                minutes_spent=serializer.validated_data.get("minutes_spent"),
            )
        except queue.AlreadyResolved as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(ReviewItemSerializer(item).data)


class ClientFlagView(OneClientMixin, OrganizationAPIView):
    """A coach flags a client the AI did not (staff): opens a review item raised by a person,
    or adds the new reason to the open coach flag for this client (a retry makes no second item).
    """

    allowed_roles = STAFF

    @extend_schema(
        request=FlagSerializer,
        responses={
            201: ReviewItemSerializer,
            200: ReviewItemSerializer,
            400: OpenApiResponse(description="{field: [messages]}"),
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def post(self, request, org, pk):
        client = self.get_client(pk)
        serializer = FlagSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item, created = queue.flag_client(
            client,
            level=serializer.validated_data["level"],
            reason=serializer.validated_data["reason"],
            by=request.user,
        )
        return Response(
            ReviewItemSerializer(item).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema(responses={200: EscalationRuleSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND})
class EscalationRuleListView(OrganizationAPIView, generics.ListAPIView):
    """The escalation matrix: trigger → level → response time → action (staff read)."""

    model = EscalationRule
    allowed_roles = STAFF
    serializer_class = EscalationRuleSerializer


@extend_schema(responses={200: EscalationRuleSerializer, 403: FORBIDDEN, 404: NOT_FOUND})
class EscalationRuleDetailView(OrganizationAPIView, generics.RetrieveUpdateAPIView):
    model = EscalationRule
    allowed_roles = STAFF
    write_roles = OWNER_ONLY
    serializer_class = EscalationRuleSerializer


@extend_schema_view(
    get=extend_schema(
        responses={200: ReplyTemplateSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND}
    )
)
class ReplyTemplateListView(OrganizationAPIView, generics.ListCreateAPIView):
    """Reply templates per resolution; coaches read them, owners write them."""

    model = ReplyTemplate
    allowed_roles = STAFF
    write_roles = OWNER_ONLY
    serializer_class = ReplyTemplateSerializer

    def perform_create(self, serializer):
        serializer.save(organization=self.organization)


# Responses are inferred (200, or 204 for DELETE); errors come from coaching.api.schema.
class ReplyTemplateDetailView(OrganizationAPIView, generics.RetrieveUpdateDestroyAPIView):
    model = ReplyTemplate
    allowed_roles = STAFF
    write_roles = OWNER_ONLY
    serializer_class = ReplyTemplateSerializer


@extend_schema(
    parameters=[OpenApiParameter("since", str, description="YYYY-MM-DD")],
    responses={200: AdherenceScoreSerializer(many=True), 404: NOT_FOUND},
)
class ScoreListView(OneClientMixin, OrganizationAPIView, generics.ListAPIView):
    """A client's daily scores, newest first (staff, or the client themself)."""

    model = AdherenceScore
    serializer_class = AdherenceScoreSerializer

    def scope_queryset(self, queryset):
        from datetime import date

        client = self.get_client(self.kwargs["pk"])
        queryset = queryset.filter(client=client)
        since = self.request.query_params.get("since")
        if since:
            try:
                queryset = queryset.filter(date__gte=date.fromisoformat(since))
            except ValueError:
                raise ValidationError({"since": ["Use a date like 2026-01-31."]}) from None
        return queryset.order_by("-date")


@extend_schema(
    parameters=[
        OpenApiParameter("end", str, description="YYYY-MM-DD, the last day (default: today)")
    ],
    responses={200: ClientTrendsSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
)
class TrendsView(OneClientMixin, OrganizationAPIView):
    """A client's trends over the 90 days ending on ``end``: completion, readiness and the main
    lifts' e1RM, each with the client's usual (the nightly scoring's baseline) and the flagged
    days: the series behind the charts of the coach's client page (owner, coach)."""

    allowed_roles = STAFF
    model = AdherenceScore

    def get(self, request, org: str, pk: int):
        client = self.get_client(pk)
        end = request.query_params.get("end")
        today = client.today()
        try:
            end = date.fromisoformat(end) if end else today
        except ValueError:
            raise ValidationError({"end": ["Use a date like 2026-01-31."]}) from None
        problem = day_problem(end, today)
        if problem:
            raise ValidationError({"end": [problem]})
        trends = load_trends(client, end)
        return Response(ClientTrendsSerializer(trends.as_dict()).data)


class CheckInView(OneClientMixin, OrganizationAPIView, generics.ListAPIView):
    """A client's check-ins (newest first); POST submits one, read for red flags at once."""

    model = CheckIn
    serializer_class = CheckInResultSerializer

    def scope_queryset(self, queryset):
        return queryset.filter(client=self.get_client(self.kwargs["pk"])).order_by("-created_at")

    @extend_schema(
        request=CheckInSerializer,
        responses={
            201: CheckInResultSerializer,
            200: CheckInResultSerializer,
            400: OpenApiResponse(),
            404: NOT_FOUND,
        },
    )
    def post(self, request, org, pk):
        from coaching.models import Role

        client = self.get_client(pk)
        if self.membership.role != Role.CLIENT:
            raise PermissionDenied("Check-ins come from the client themself.")
        serializer = CheckInSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        check_in, created = submit_check_in(
            client, dict(serializer.validated_data), by=request.user
        )
        return Response(
            CheckInResultSerializer(check_in).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema(
    parameters=[
        OpenApiParameter("status", str, enum=[*SummaryStatus.values, "all"]),
        OpenApiParameter("client", int),
        OpenApiParameter("clients", str, enum=["all", "mine"]),
    ],
    responses={
        200: WeeklySummarySerializer(many=True),
        400: BAD_REQUEST,
        403: FORBIDDEN,
        404: NOT_FOUND,
    },
)
class WeeklySummaryListView(OrganizationAPIView, generics.ListAPIView):
    """Weekly summaries and their draft replies (staff). ``status=pending`` (the default): those
    waiting for a coach, urgent first, then oldest; any other status: newest week first."""

    model = WeeklySummary
    allowed_roles = STAFF
    serializer_class = WeeklySummarySerializer

    def scope_queryset(self, queryset):
        params = self.request.query_params
        wanted = params.get("status", SummaryStatus.PENDING)
        if wanted not in (*SummaryStatus.values, "all"):
            raise ValidationError({"status": ["Use pending, sent, escalated or all."]})
        clients = params.get("clients", "all")
        if clients not in ("all", "mine"):
            raise ValidationError({"clients": ["Use all or mine."]})
        if params.get("client"):
            if not params["client"].isdigit():
                raise ValidationError({"client": ["Use a client id."]})
            queryset = queryset.filter(client_id=int(params["client"]))
        if clients == "mine":
            queryset = queryset.filter(client__coach=self.request.user)
        if wanted == SummaryStatus.PENDING:
            return weekly.pending_for(queryset)
        if wanted != "all":
            queryset = queryset.filter(status=wanted)
        return queryset.order_by("-week_start", "-id")


@extend_schema(responses={200: WeeklySummarySerializer, 403: FORBIDDEN, 404: NOT_FOUND})
class WeeklySummaryDetailView(OrganizationAPIView, generics.RetrieveAPIView):
    model = WeeklySummary
    allowed_roles = STAFF
    serializer_class = WeeklySummarySerializer


class WeeklySummarySendView(OrganizationAPIView):
    """Send the week's reply into the client's thread (staff): the draft as is without ``body``,
    or the coach's edit. Whether it was edited is recorded. 409 once a coach has answered."""

    model = WeeklySummary
    allowed_roles = STAFF

    @extend_schema(
        request=WeeklyReplySerializer,
        responses={
            200: WeeklySummarySerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, org, pk):
        summary = get_object_or_404(self.get_queryset().select_related("client__user"), pk=pk)
        serializer = WeeklyReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            weekly.send_reply(summary, by=request.user, body=serializer.validated_data.get("body"))
        except InvalidMessage as exc:
            raise ValidationError({"body": [str(exc)]}) from exc
        except weekly.AlreadyDecided as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(WeeklySummarySerializer(summary).data)


class WeeklySummaryEscalateView(OrganizationAPIView):
    """Escalate the week instead of replying (staff): it goes to the review queue as a coach's
    flag (red when the week reads urgent, else yellow), with the note. 409 once answered."""

    model = WeeklySummary
    allowed_roles = STAFF

    @extend_schema(
        request=WeeklyEscalateSerializer,
        responses={
            200: WeeklySummarySerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, org, pk):
        summary = get_object_or_404(self.get_queryset().select_related("client__user"), pk=pk)
        serializer = WeeklyEscalateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            weekly.escalate(summary, by=request.user, note=serializer.validated_data["note"])
        except weekly.AlreadyDecided as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(WeeklySummarySerializer(summary).data)


def _habit(client, hid: int) -> Habit:
    return get_object_or_404(Habit.objects.filter(client=client, active=True), pk=hid)


def _tick_day(client, raw) -> date:
    """The day a tick names (the client's local today when none): a 400 naming ``day`` when it
    is not a date, is in the future or is more than a week back."""
    today = client.today()
    if raw in (None, ""):
        return today
    serializer = HabitTickSerializer(data={"day": raw})
    serializer.is_valid(raise_exception=True)
    day = serializer.validated_data["day"]
    problem = check_day_problem(day, today)
    if problem:
        raise ValidationError({"day": [problem]})
    return day


class HabitListView(OneClientMixin, OrganizationAPIView, generics.ListAPIView):
    """A client's active daily habits, oldest first (staff, or the client themself); staff
    assign one."""

    model = Habit
    write_roles = STAFF
    serializer_class = HabitSerializer

    def scope_queryset(self, queryset):
        client = self.get_client(self.kwargs["pk"])
        return queryset.filter(client=client, active=True).order_by("created_at", "id")

    @extend_schema(
        request=HabitSerializer,
        responses={201: HabitSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request, org, pk):
        client = self.get_client(pk)
        serializer = HabitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        habit = habits.assign_habit(
            client,
            kind=data["kind"],
            name=data.get("name", ""),
            target=data.get("target", ""),
            by=request.user,
        )
        return Response(HabitSerializer(habit).data, status=status.HTTP_201_CREATED)


class HabitDetailView(OneClientMixin, OrganizationAPIView):
    """Archive a habit (staff): off the client's Today, its checks kept."""

    model = Habit
    allowed_roles = STAFF

    @extend_schema(responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND})
    def delete(self, request, org, pk, hid):
        habits.archive_habit(_habit(self.get_client(pk), hid))
        return Response(status=status.HTTP_204_NO_CONTENT)


class HabitCheckView(OneClientMixin, OrganizationAPIView):
    """Tick a habit done for a day (the client, or staff for them). A retry for the same day
    answers 200 with the same check."""

    model = HabitCheck

    @extend_schema(
        request=HabitTickSerializer,
        responses={
            201: HabitCheckSerializer,
            200: HabitCheckSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def post(self, request, org, pk, hid):
        client = self.get_client(pk)
        habit = _habit(client, hid)
        raw = request.data.get("day") if hasattr(request.data, "get") else None
        check, created = habits.tick(habit, _tick_day(client, raw))
        return Response(
            HabitCheckSerializer(check).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class HabitCheckDayView(OneClientMixin, OrganizationAPIView):
    """Untick a habit for a day (a day not ticked is already unticked: 204 either way)."""

    model = HabitCheck

    @extend_schema(responses={204: None, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND})
    def delete(self, request, org, pk, hid, day):
        client = self.get_client(pk)
        habit = _habit(client, hid)
        habits.untick(habit, _tick_day(client, day))
        return Response(status=status.HTTP_204_NO_CONTENT)
