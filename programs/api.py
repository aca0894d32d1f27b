"""Programs API: exercises, programs, recommendations, workout logs, history import."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from coaching.api.base import ALL_ROLES, STAFF, OrganizationAPIView
from coaching.models import Client, Role
from programs.logging import record_workout
from programs.models import Exercise, SetLog, WorkoutLog
from programs.serializers import ExerciseSerializer, WorkoutLogSerializer

NOT_FOUND = OpenApiResponse(description="Not in this organization (or no such object).")
FORBIDDEN = OpenApiResponse(description="Your role may not do this.")
CONFLICT = OpenApiResponse(description="Not possible in the current state (reason in detail).")


class ClientMixin:
    """Views about one client: staff reach every client, a client only themself."""

    def get_client(self, pk: int) -> Client:
        clients = Client.objects.select_related("user", "coach")
        if self.membership.role == Role.CLIENT:
            clients = clients.filter(user=self.request.user)
        return get_object_or_404(clients, pk=pk)


@extend_schema(
    parameters=[
        OpenApiParameter("search", str),
        OpenApiParameter("equipment", str),
        OpenApiParameter("muscle", str),
        OpenApiParameter("pattern", str),
    ],
    responses={200: ExerciseSerializer(many=True), 404: NOT_FOUND},
)
class ExerciseListView(OrganizationAPIView, generics.ListCreateAPIView):
    """The global library plus the organization's own exercises; staff add their own."""

    model = Exercise
    allowed_roles = ALL_ROLES
    write_roles = STAFF
    serializer_class = ExerciseSerializer

    includes_shared_rows = True

    def scope_queryset(self, queryset):
        params = self.request.query_params
        if params.get("search"):
            for word in params["search"].split():
                queryset = queryset.filter(Q(name__icontains=word) | Q(aliases__icontains=word))
        if params.get("equipment"):
            queryset = queryset.filter(equipment=params["equipment"])
        if params.get("muscle"):
            muscle = params["muscle"]
            queryset = queryset.filter(
                Q(primary_muscles__icontains=f'"{muscle}"')
                | Q(secondary_muscles__icontains=f'"{muscle}"')
            )
        if params.get("pattern"):
            queryset = queryset.filter(pattern=params["pattern"])
        return queryset.order_by("name", "id")

    def perform_create(self, serializer):
        from django.utils.text import slugify

        from programs.library import contraindicated_areas, movement_pattern

        data = serializer.validated_data
        record = {
            "name": data["name"],
            "category": data.get("category", "strength"),
            "equipment": data.get("equipment", "other"),
            "force": data.get("force", ""),
            "mechanic": data.get("mechanic", ""),
            "level": data.get("level", "beginner"),
            "primaryMuscles": data.get("primary_muscles", []),
            "secondaryMuscles": data.get("secondary_muscles", []),
        }
        pattern = movement_pattern(record)
        serializer.save(
            organization=self.organization,
            key=_unique_key(slugify(data["name"])[:100] or "exercise"),
            pattern=pattern,
            contraindications=sorted(contraindicated_areas(record, pattern)),
        )


def _unique_key(base: str) -> str:
    taken = set(Exercise.objects.filter(key__startswith=base).values_list("key", flat=True))
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


@extend_schema(
    parameters=[OpenApiParameter("since", date)],
    responses={200: WorkoutLogSerializer(many=True), 404: NOT_FOUND},
)
class WorkoutLogListView(ClientMixin, OrganizationAPIView, generics.ListAPIView):
    """A client's workout logs, newest first; POST records one (the client or their coach)."""

    model = WorkoutLog
    allowed_roles = ALL_ROLES
    serializer_class = WorkoutLogSerializer

    def scope_queryset(self, queryset):
        client = self.get_client(self.kwargs["pk"])
        queryset = queryset.filter(client=client)
        since = self.request.query_params.get("since")
        if since:
            try:
                queryset = queryset.filter(performed_at__date__gte=date.fromisoformat(since))
            except ValueError:
                raise ValidationError({"since": ["Use a date like 2026-01-31."]}) from None
        return queryset.prefetch_related(
            Prefetch("sets", queryset=SetLog.unscoped.order_by("set_index", "id"))
        ).order_by("-performed_at", "-id")

    @extend_schema(
        request=WorkoutLogSerializer,
        responses={
            201: WorkoutLogSerializer,
            200: WorkoutLogSerializer,
            400: OpenApiResponse(),
            404: NOT_FOUND,
        },
    )
    def post(self, request, org, pk):
        client = self.get_client(pk)
        serializer = WorkoutLogSerializer(
            data=request.data, context={**self.get_serializer_context(), "client": client}
        )
        uuid = request.data.get("client_uuid") if isinstance(request.data, dict) else None
        if uuid:
            existing = (
                WorkoutLog.objects.filter(client=client, client_uuid=str(uuid)).first()
                if _is_uuid(uuid)
                else None
            )
            if existing is not None:
                return Response(WorkoutLogSerializer(existing).data, status=status.HTTP_200_OK)
        serializer.is_valid(raise_exception=True)
        log, created = record_workout(client, dict(serializer.validated_data), by=request.user)
        after_log_hooks(log, created)
        return Response(
            WorkoutLogSerializer(log).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# Functions (log, created) -> None run after a log is recorded (triage reads pain reports).
log_hooks: list = []


def after_log_hooks(log, created: bool) -> None:
    for hook in log_hooks:
        hook(log, created)
