"""Programs API: exercises, programs, recommendations, workout logs, history import."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from coaching.api.base import ALL_ROLES, STAFF, OneClientMixin, OrganizationAPIView
from coaching.local_sql import day_range
from coaching.models import Role
from programs.logging import record_workout
from programs.models import (
    Exercise,
    PlannedWorkout,
    Program,
    Recommendation,
    SetLog,
    WorkoutLog,
)
from programs.models import Prescription as PrescriptionModel
from programs.queries import program_queryset
from programs.serializers import (
    DecisionSerializer,
    ExerciseSerializer,
    ProgramSerializer,
    RecommendationSerializer,
    WorkoutLogSerializer,
)

NOT_FOUND = OpenApiResponse(description="Not in this organization (or no such object).")
FORBIDDEN = OpenApiResponse(description="Your role may not do this.")
CONFLICT = OpenApiResponse(description="Not possible in the current state (reason in detail).")


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("search", str),
            OpenApiParameter("equipment", str),
            OpenApiParameter("muscle", str),
            OpenApiParameter("pattern", str),
        ],
        responses={200: ExerciseSerializer(many=True), 404: NOT_FOUND},
    )
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

        from programs.core.library import derived_columns

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
        serializer.save(
            organization=self.organization,
            key=_unique_key(slugify(data["name"])[:100] or "exercise"),
            **derived_columns(record),
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
class WorkoutLogListView(OneClientMixin, OrganizationAPIView, generics.ListAPIView):
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
                first = date.fromisoformat(since)
            except ValueError:
                raise ValidationError({"since": ["Use a date like 2026-01-31."]}) from None
            # From the start of that day in the client's zone.
            queryset = queryset.filter(**day_range("performed_at", first, None, client.zone_name))
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
        if not serializer.is_valid():
            # A retry answers with the log first saved, even if the body would no longer pass
            # (an exercise since deleted). A valid retry is told apart when it is saved.
            uuid = request.data.get("client_uuid") if isinstance(request.data, dict) else None
            existing = (
                WorkoutLog.objects.filter(client=client, client_uuid=str(uuid)).first()
                if uuid and _is_uuid(uuid)
                else None
            )
            if existing is not None:
                return Response(WorkoutLogSerializer(existing).data, status=status.HTTP_200_OK)
            raise ValidationError(serializer.errors)
        log, created = record_workout(client, dict(serializer.validated_data), by=request.user)
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


class DraftView(OneClientMixin, OrganizationAPIView):
    """Draft a program for the client from the approved intake (409 with the reason before)."""

    allowed_roles = STAFF

    @extend_schema(
        request=None, responses={201: RecommendationSerializer, 404: NOT_FOUND, 409: CONFLICT}
    )
    def post(self, request, org, pk):
        from coaching.intake import IntakeNotApproved
        from programs.core.drafting import DraftingError
        from programs.services import draft_for_client

        client = self.get_client(pk)
        try:
            recommendation = draft_for_client(client, by=request.user)
        except IntakeNotApproved as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        except DraftingError as exc:
            return Response(
                {"detail": f"No program could be drafted: {exc}"}, status=status.HTTP_409_CONFLICT
            )
        return Response(
            RecommendationSerializer(recommendation).data, status=status.HTTP_201_CREATED
        )


@extend_schema(responses={200: ProgramSerializer(many=True), 404: NOT_FOUND})
class ProgramListView(OneClientMixin, OrganizationAPIView, generics.ListAPIView):
    """The client's programs, newest first, each with weeks → workouts → prescriptions."""

    model = Program
    serializer_class = ProgramSerializer

    def scope_queryset(self, queryset):
        client = self.get_client(self.kwargs["pk"])
        queryset = queryset.filter(client=client)
        if self.membership.role == Role.CLIENT:
            queryset = queryset.filter(status__in=["active", "superseded"])
        return program_queryset(queryset).order_by("-created_at")


@extend_schema(
    parameters=[
        OpenApiParameter("status", str),
        OpenApiParameter("client", int),
        OpenApiParameter("kind", str),
    ],
    responses={200: RecommendationSerializer(many=True), 404: NOT_FOUND},
)
class RecommendationListView(OrganizationAPIView, generics.ListAPIView):
    """Recommendations (every change to a plan). Staff see all; a client sees their own."""

    model = Recommendation
    serializer_class = RecommendationSerializer

    def scope_queryset(self, queryset):
        params = self.request.query_params
        if self.membership.role == Role.CLIENT:
            queryset = queryset.filter(client__user=self.request.user)
        for name in ("status", "kind"):
            if params.get(name):
                queryset = queryset.filter(**{name: params[name]})
        if params.get("client"):
            if not params["client"].isdigit():
                raise ValidationError({"client": ["Use a client id."]})
            queryset = queryset.filter(client_id=int(params["client"]))
        return queryset.order_by("-created_at", "-id")


class DecisionView(OrganizationAPIView):
    """The coach approves, rejects (with a note) or modifies a recommendation; once. Approving
    (or modifying with ``sessions_per_week``) a schedule change carries it out on the active
    plan from tomorrow on; the recommendation's ``payload.applied`` says what changed."""

    allowed_roles = STAFF

    @extend_schema(
        request=DecisionSerializer,
        responses={
            200: RecommendationSerializer,
            400: OpenApiResponse(),
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, org, pk):
        from programs.services import DecisionConflict, InvalidChange, decide

        recommendation = get_object_or_404(
            Recommendation.objects.select_related("client", "program"), pk=pk
        )
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            recommendation = decide(
                recommendation,
                decision=data["decision"],
                notes=data["notes"],
                by=request.user,
                payload=data.get("payload"),
                sessions_per_week=data.get("sessions_per_week"),
            )
        except DecisionConflict as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        except InvalidChange as exc:
            raise ValidationError({exc.field: [str(exc)]}) from None
        return Response(RecommendationSerializer(recommendation).data)


def _import_schemas():
    from drf_spectacular.utils import inline_serializer
    from rest_framework import serializers as s

    result = inline_serializer(
        "ImportResult",
        {
            "created_logs": s.IntegerField(),
            "created_sets": s.IntegerField(),
            "skipped_duplicates": s.IntegerField(),
            "unknown_exercises": s.ListField(child=s.CharField()),
            "errors": s.ListField(child=s.DictField()),
            "errors_total": s.IntegerField(),
            "errors_not_shown": s.IntegerField(),
            "skipped_rows": s.ListField(child=s.DictField()),
            "unit": s.ChoiceField(choices=["kg", "lb"]),
            "unit_source": s.ChoiceField(choices=["file", "request", "default"]),
            "unit_guess": s.DictField(allow_null=True),
            "cardio_sets": s.IntegerField(),
            "assisted_sets": s.IntegerField(),
            "flagged_notes": s.IntegerField(),
        },
    )
    job = inline_serializer(
        "ImportJob",
        {
            "id": s.IntegerField(),
            "status": s.ChoiceField(
                choices=["awaiting_unit", "queued", "running", "done", "failed"]
            ),
            "format": s.CharField(),
            "filename": s.CharField(),
            "unit": s.CharField(),
            "unit_source": s.CharField(),
            "rows": s.IntegerField(),
            "sessions_total": s.IntegerField(),
            "sessions_done": s.IntegerField(),
            "progress": s.FloatField(),
            "result": s.DictField(allow_null=True),
            "error": s.CharField(),
            "created_at": s.DateTimeField(),
            "finished_at": s.DateTimeField(allow_null=True),
            "status_url": s.URLField(),
        },
    )
    too_large = inline_serializer("ImportTooLarge", {"file": s.ListField(child=s.CharField())})
    return result, job, too_large


IMPORT_RESULT, IMPORT_JOB, IMPORT_TOO_LARGE = _import_schemas()
# Room for the multipart envelope around a file of the largest size accepted.
MULTIPART_SLACK_BYTES = 256 * 1024


def _too_large(message: str) -> Response:
    return Response({"file": [message]}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)


def import_job_payload(request, job, org_slug: str) -> dict:
    """The JSON status of an import job (the status endpoint's answer)."""
    from django.urls import reverse

    return {
        "id": job.pk,
        "status": job.status,
        "format": job.format,
        "filename": job.filename,
        "unit": job.unit,
        "unit_source": job.unit_source,
        "rows": job.rows,
        "sessions_total": job.sessions_total,
        "sessions_done": job.sessions_done,
        "progress": round(job.progress, 3),
        "result": job.result or None,
        "error": job.error,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "status_url": request.build_absolute_uri(
            reverse("api_import_job", args=[org_slug, job.client_id, job.pk])
        ),
    }


class ImportView(OneClientMixin, OrganizationAPIView):
    """Import a Strong or Hevy CSV export (multipart ``file``, ``format`` and optional ``unit``).

    Up to ``ASYNC_ROWS`` rows the import happens in the request (201 with the summary); a larger
    file is checked, stored with its job and imported in the background (202 ``{status_url}``).
    A file over the size or row limit is a 413."""

    from rest_framework.parsers import FormParser, MultiPartParser

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "format": {"type": "string", "enum": ["strong", "hevy"]},
                    "unit": {"type": "string", "enum": ["kg", "lb"]},
                },
            }
        },
        responses={
            201: IMPORT_RESULT,
            202: OpenApiResponse(IMPORT_JOB, description="Imported in the background."),
            400: OpenApiResponse(),
            404: NOT_FOUND,
            413: OpenApiResponse(IMPORT_TOO_LARGE, description="Over the size or row limit."),
        },
    )
    def post(self, request, org, pk):
        from programs.core.importers import (
            MAX_UPLOAD_BYTES,
            TooLarge,
            UnknownFormat,
            too_big_message,
        )
        from programs.history_import import start_import
        from programs.models import ImportJob

        client = self.get_client(pk)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_UPLOAD_BYTES + MULTIPART_SLACK_BYTES:
            return _too_large(too_big_message(length))  # refused before the body is read
        upload = request.FILES.get("file")
        fmt = request.data.get("format")
        unit = request.data.get("unit") or None
        if upload is None:
            raise ValidationError({"file": ["Attach the CSV export as 'file'."]})
        if upload.size > MAX_UPLOAD_BYTES:
            return _too_large(too_big_message(upload.size))
        if fmt not in ("strong", "hevy"):
            raise ValidationError({"format": ["Use strong or hevy."]})
        if unit is not None and str(unit).strip().lower() not in ("kg", "lb", "lbs"):
            raise ValidationError({"unit": ["Use kg or lb."]})
        try:
            outcome = start_import(
                client, upload.read(), fmt, unit=unit, by=request.user, filename=upload.name or ""
            )
        except TooLarge as exc:
            return _too_large(exc.message)
        except UnknownFormat as exc:
            raise ValidationError({"file": [exc.message]}) from None
        if isinstance(outcome, ImportJob):
            return Response(
                import_job_payload(request, outcome, org), status=status.HTTP_202_ACCEPTED
            )
        return Response(outcome.as_dict(), status=status.HTTP_201_CREATED)


class ImportJobView(OneClientMixin, OrganizationAPIView):
    """The status of one import of this client: progress, then the summary or the error."""

    @extend_schema(responses={200: IMPORT_JOB, 404: NOT_FOUND})
    def get(self, request, org, pk, job_id):
        from programs.models import ImportJob

        client = self.get_client(pk)
        job = get_object_or_404(ImportJob.objects.defer("upload"), client=client, pk=job_id)
        return Response(import_job_payload(request, job, org))


class PersonalBestSerializer(serializers.Serializer):
    exercise = serializers.DictField()
    sessions = serializers.IntegerField()
    best_e1rm_kg = serializers.FloatField(allow_null=True)
    best_e1rm_on = serializers.DateField(allow_null=True)
    heaviest_kg = serializers.FloatField(allow_null=True)
    heaviest_reps = serializers.IntegerField(allow_null=True)
    heaviest_on = serializers.DateField(allow_null=True)
    last_on = serializers.DateField()


@extend_schema(responses={200: PersonalBestSerializer(many=True), 404: NOT_FOUND})
class PersonalBestsView(OneClientMixin, OrganizationAPIView, generics.ListAPIView):
    """A client's personal bests per exercise, most recently trained first: the best e1RM and
    the heaviest set, each with the local day it was first reached (warm-ups and assisted sets
    count in neither). One query, whatever the history's length."""

    model = SetLog
    allowed_roles = ALL_ROLES
    serializer_class = PersonalBestSerializer

    def list(self, request, *args, **kwargs):
        from coaching.core.localtime import local_day
        from programs.training_history import SetFact, personal_bests

        client = self.get_client(self.kwargs["pk"])
        zone_name = client.zone_name
        facts: dict[int, list] = {}
        names: dict[int, str] = {}
        for row in (
            SetLog.objects.filter(log__client=client, is_warmup=False)
            .values(
                "exercise_id",
                "exercise__name",
                "reps",
                "load_kg",
                "e1rm_kg",
                "assistance_kg",
                "log_id",
                "log__performed_at",
            )
            .order_by("exercise_id", "log__performed_at", "id")
        ):
            helped = row["assistance_kg"] is not None
            names[row["exercise_id"]] = row["exercise__name"]
            facts.setdefault(row["exercise_id"], []).append(
                SetFact(
                    local_day(row["log__performed_at"], zone_name),
                    row["reps"],
                    0.0 if helped else float(row["load_kg"]),
                    None if helped or row["e1rm_kg"] is None else float(row["e1rm_kg"]),
                    row["log_id"],
                )
            )
        results = []
        for exercise_id, sets in facts.items():
            bests = personal_bests(sets)
            results.append(
                {
                    "exercise": {"id": exercise_id, "name": names[exercise_id]},
                    "sessions": bests.sessions,
                    "best_e1rm_kg": round(bests.best_e1rm.value, 2) if bests.best_e1rm else None,
                    "best_e1rm_on": bests.best_e1rm.day if bests.best_e1rm else None,
                    "heaviest_kg": bests.heaviest.load_kg if bests.heaviest else None,
                    "heaviest_reps": bests.heaviest.reps if bests.heaviest else None,
                    "heaviest_on": bests.heaviest.day if bests.heaviest else None,
                    "last_on": bests.last_day,
                }
            )
        results.sort(key=lambda r: (r["last_on"], r["exercise"]["name"]), reverse=True)
        page = self.paginate_queryset(results)
        return self.get_paginated_response(PersonalBestSerializer(page, many=True).data)


class ProgramEditSerializer(serializers.Serializer):
    """One edit in the program editor. ``op`` says which; the other fields depend on it:
    swap {prescription, exercise}; add {workout, exercise, sets?, reps_min?, reps_max?,
    target_rpe?, target_load_kg?, rest_seconds?, notes?}; remove {prescription}; move
    {prescription, position | direction: up|down}; update {prescription, changes: {field:
    value}}. ``edit_id`` (optional, made by the caller) makes a retry return the first result."""

    op = serializers.ChoiceField(choices=["swap", "add", "remove", "move", "update"])
    prescription = serializers.IntegerField(required=False, min_value=1)
    workout = serializers.IntegerField(required=False, min_value=1)
    exercise = serializers.IntegerField(required=False, min_value=1)
    position = serializers.IntegerField(required=False, min_value=0, max_value=100)
    direction = serializers.ChoiceField(choices=["up", "down"], required=False)
    changes = serializers.DictField(required=False)
    sets = serializers.JSONField(required=False)
    reps_min = serializers.JSONField(required=False)
    reps_max = serializers.JSONField(required=False)
    target_rpe = serializers.JSONField(required=False)
    target_load_kg = serializers.JSONField(required=False)
    rest_seconds = serializers.JSONField(required=False)
    notes = serializers.JSONField(required=False)
    edit_id = serializers.CharField(required=False, max_length=64, allow_blank=True)

    def validate(self, attrs):
        needs = {
            "swap": ("prescription", "exercise"),
            "add": ("workout", "exercise"),
            "remove": ("prescription",),
            "move": ("prescription",),
            "update": ("prescription", "changes"),
        }[attrs["op"]]
        missing = {name: ["This field is required."] for name in needs if name not in attrs}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class ProgramEditView(OrganizationAPIView):
    """The coach's program editor: one edit to a draft waiting for review or to the active
    plan, recorded as a change the client sees (``change.recommendation``); answers the edited
    workout. A logged workout, or a program in another state, is a 409."""

    model = Program
    allowed_roles = STAFF

    @extend_schema(
        request=ProgramEditSerializer,
        responses={
            200: OpenApiResponse(description="{change: {text, recommendation, repeated}, workout}"),
            400: OpenApiResponse(),
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, org, pk):
        from programs.core import editing
        from programs.plan_editor import EditRefused, edit_program
        from programs.serializers import PlannedWorkoutSerializer

        program = get_object_or_404(Program.objects.all(), pk=pk)
        serializer = ProgramEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = edit_program(program, dict(serializer.validated_data), by=request.user)
        except editing.EditError as exc:
            raise ValidationError({exc.field: [str(exc)]}) from None
        except EditRefused as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        workout = (
            PlannedWorkout.objects.filter(pk=result.workout.pk)
            .prefetch_related(
                Prefetch(
                    "prescriptions",
                    queryset=PrescriptionModel.unscoped.select_related("exercise").order_by(
                        "order"
                    ),
                )
            )
            .get()
        )
        return Response(
            {
                "change": {
                    "text": result.text,
                    "recommendation": result.recommendation.pk if result.recommendation else None,
                    "repeated": result.repeated,
                },
                "workout": PlannedWorkoutSerializer(workout).data,
            }
        )


class SwapOptionsView(OrganizationAPIView):
    """Exercises to swap a prescription's exercise for, ranked by fit for this client
    (pattern, their current injuries, equipment, muscles, level), each with its reasons;
    ``?q=`` searches the names."""

    model = Program
    allowed_roles = STAFF

    @extend_schema(
        parameters=[OpenApiParameter("q", str)],
        responses={
            200: OpenApiResponse(
                description="{count, next, previous, results: [{exercise, reasons}]}"
            ),
            404: NOT_FOUND,
        },
    )
    def get(self, request, org, pk, prescription):
        from programs.plan_editor import swap_suggestions

        item = get_object_or_404(
            PrescriptionModel.objects.select_related("exercise", "workout__client"),
            pk=prescription,
            workout__program_id=pk,
        )
        query = request.query_params.get("q", "")[:100]
        suggestions = swap_suggestions(item, query=query)
        exercises = Exercise.objects.in_bulk([int(s.key) for s in suggestions])
        results = [
            {
                "exercise": {
                    "id": int(s.key),
                    "name": s.name,
                    "equipment": s.equipment,
                    "primary_muscles": exercises[int(s.key)].primary_muscles,
                },
                "reasons": list(s.reasons),
            }
            for s in suggestions
        ]
        return Response({"count": len(results), "next": None, "previous": None, "results": results})
