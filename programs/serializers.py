from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from rest_framework import serializers

from coaching.api.fields import OrganizationScopedField
from coaching.core.daterange import day_problem
from coaching.core.localtime import local_day, local_today
from programs.core.library import DRAFT_ROLES
from programs.models import (
    Exercise,
    LogStatus,
    PlannedWorkout,
    Prescription,
    Program,
    ProgramWeek,
    Recommendation,
    SetLog,
    SkipReason,
    WorkoutLog,
)

MAX_REPS = 100
MAX_LOAD_KG = Decimal("1000")
CLOCK_SKEW = timedelta(minutes=10)
MAX_SETS_PER_LOG = 200
MAX_ASSISTANCE_KG = Decimal("300")
MAX_DISTANCE_M = Decimal("1000000")
MAX_SET_SECONDS = 6 * 3600


class ExerciseSerializer(serializers.ModelSerializer):
    from coaching.core import intake_vocab as _vocab

    equipment = serializers.ChoiceField(choices=list(_vocab.EQUIPMENT), default="other")
    primary_muscles = serializers.ListField(
        child=serializers.ChoiceField(choices=list(_vocab.MUSCLES)), default=list
    )
    secondary_muscles = serializers.ListField(
        child=serializers.ChoiceField(choices=list(_vocab.MUSCLES)), default=list
    )
    level = serializers.ChoiceField(
        choices=["beginner", "intermediate", "expert"], default="beginner"
    )
    # Steps as text, like the library's; never null (the column is NOT NULL).
    instructions = serializers.ListField(
        child=serializers.CharField(max_length=2000), default=list, max_length=50
    )
    # Organization exercises are drafted automatically only in the roles the coach marks.
    draft_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=list(DRAFT_ROLES)), default=list, max_length=7
    )

    class Meta:
        model = Exercise
        fields = [
            "id",
            "name",
            "category",
            "equipment",
            "primary_muscles",
            "secondary_muscles",
            "level",
            "force",
            "mechanic",
            "pattern",
            "contraindications",
            "joint_loads",
            "friendlier",
            "draft_roles",
            "instructions",
            "organization",
        ]
        read_only_fields = [
            "id",
            "organization",
            "pattern",
            "contraindications",
            "joint_loads",
            "friendlier",
        ]

    def validate_draft_roles(self, value):
        return sorted(set(value))


class ExerciseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Exercise
        fields = ["id", "name", "equipment", "primary_muscles"]


class ExerciseField(OrganizationScopedField):
    """An exercise id from this organization or the global library."""

    def __init__(self, **kwargs):
        super().__init__(model=Exercise, include_shared=True, **kwargs)

    def to_internal_value(self, data):
        # A log's sets name their exercises one by one: read every exercise the request names
        # in one query (the first time one is needed) instead of one query per set.
        if isinstance(data, int | str) and not isinstance(data, bool):
            exercise = self._named_exercises().get(str(data).strip())
            if exercise is not None:
                return exercise
        return super().to_internal_value(data)

    def _named_exercises(self) -> dict[str, Exercise]:
        root = self.root
        named = getattr(root, "_named_exercises", None)
        if named is None:
            ids = _exercise_ids(getattr(root, "initial_data", None))
            named = {str(e.pk): e for e in self.get_queryset().filter(pk__in=ids)} if ids else {}
            root._named_exercises = named
        return named


def _exercise_ids(data, depth: int = 0) -> set[int]:
    """The exercise ids named anywhere in a request's data (values under an ``exercise`` key)."""
    ids: set[int] = set()
    if depth > 3:
        return ids
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "exercise" and isinstance(value, int | str) and not isinstance(value, bool):
                text = str(value).strip()
                if text.isdigit() and len(text) < 19:
                    ids.add(int(text))
            elif isinstance(value, list | dict):
                ids |= _exercise_ids(value, depth + 1)
    elif isinstance(data, list):
        for item in data[: MAX_SETS_PER_LOG + 1]:
            ids |= _exercise_ids(item, depth + 1)
    return ids


class SetLogSerializer(serializers.ModelSerializer):
    exercise = ExerciseField()
    set_index = serializers.IntegerField(min_value=0, max_value=MAX_SETS_PER_LOG)
    reps = serializers.IntegerField(min_value=0, max_value=MAX_REPS)
    load_kg = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=MAX_LOAD_KG,
        coerce_to_string=False,
    )
    rpe = serializers.DecimalField(
        max_digits=3,
        decimal_places=1,
        min_value=Decimal("1"),
        max_value=Decimal("10"),
        required=False,
        allow_null=True,
        coerce_to_string=False,
    )
    is_warmup = serializers.BooleanField(required=False, default=False)
    e1rm_kg = serializers.DecimalField(
        max_digits=7, decimal_places=2, read_only=True, coerce_to_string=False
    )
    # Help from a band or machine on an assisted exercise: not load, counted in no e1RM.
    assistance_kg = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=MAX_ASSISTANCE_KG,
        required=False,
        allow_null=True,
        coerce_to_string=False,
    )
    distance_m = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=MAX_DISTANCE_M,
        required=False,
        allow_null=True,
        coerce_to_string=False,
    )
    duration_seconds = serializers.IntegerField(
        min_value=0, max_value=MAX_SET_SECONDS, required=False, allow_null=True
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=1000)

    class Meta:
        model = SetLog
        fields = [
            "exercise",
            "set_index",
            "reps",
            "load_kg",
            "rpe",
            "is_warmup",
            "e1rm_kg",
            "reps_target",
            "load_target_kg",
            "rpe_target",
            "assistance_kg",
            "distance_m",
            "duration_seconds",
            "notes",
        ]
        read_only_fields = ["reps_target", "load_target_kg", "rpe_target"]

    def validate_rpe(self, value):
        if value is not None and (value * 2) != (value * 2).to_integral_value():
            raise serializers.ValidationError("RPE goes in half steps (7, 7.5, 8…).")
        return value


class WorkoutLogSerializer(serializers.ModelSerializer):
    client_uuid = serializers.UUIDField()
    workout = OrganizationScopedField(model=PlannedWorkout, required=False, allow_null=True)
    status = serializers.ChoiceField(choices=LogStatus.choices)
    skip_reason = serializers.ChoiceField(
        choices=SkipReason.choices, required=False, allow_blank=True
    )
    session_rpe = serializers.DecimalField(
        max_digits=3,
        decimal_places=1,
        min_value=Decimal("1"),
        max_value=Decimal("10"),
        required=False,
        allow_null=True,
        coerce_to_string=False,
    )
    duration_minutes = serializers.IntegerField(
        min_value=0, max_value=600, required=False, allow_null=True
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    sets = SetLogSerializer(many=True, required=False)

    class Meta:
        model = WorkoutLog
        fields = [
            "id",
            "client_uuid",
            "performed_at",
            "status",
            "workout",
            "skip_reason",
            "session_rpe",
            "duration_minutes",
            "duration_seconds",
            "name",
            "notes",
            "sets",
            "source",
            "created_at",
        ]
        read_only_fields = ["id", "source", "created_at", "duration_seconds", "name"]

    def validate_performed_at(self, value):
        if value > timezone.now() + CLOCK_SKEW:
            raise serializers.ValidationError("A workout cannot be logged in the future.")
        # The day it was performed, as the client lived it.
        client = self.context.get("client")
        zone_name = client.zone_name if client is not None else "UTC"
        problem = day_problem(
            local_day(value, zone_name), local_today(timezone.now(), zone_name), max_days_ahead=None
        )
        if problem:
            raise serializers.ValidationError(problem)
        return value

    def validate_workout(self, workout):
        client = self.context.get("client")
        if workout is not None and client is not None and workout.client_id != client.pk:
            raise serializers.ValidationError("This planned workout belongs to another client.")
        return workout

    def validate_sets(self, sets):
        if len(sets) > MAX_SETS_PER_LOG:
            raise serializers.ValidationError(f"At most {MAX_SETS_PER_LOG} sets in one log.")
        return sets

    def validate(self, attrs):
        if attrs["status"] == LogStatus.SKIPPED:
            if not attrs.get("skip_reason"):
                raise serializers.ValidationError({"skip_reason": ["Say what got in the way."]})
            if attrs.get("sets"):
                raise serializers.ValidationError({"sets": ["A skipped session has no sets."]})
        elif attrs.get("skip_reason"):
            raise serializers.ValidationError(
                {"skip_reason": ["Only a skipped session has a reason."]}
            )
        return attrs


class PrescriptionSerializer(serializers.ModelSerializer):
    exercise = ExerciseRefSerializer(read_only=True)
    target_rpe = serializers.DecimalField(
        max_digits=3, decimal_places=1, coerce_to_string=False, allow_null=True
    )
    target_load_kg = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, allow_null=True
    )

    class Meta:
        model = Prescription
        fields = [
            "id",
            "exercise",
            "order",
            "sets",
            "reps_min",
            "reps_max",
            "target_rpe",
            "target_load_kg",
            "rest_seconds",
            "notes",
        ]


class PlannedWorkoutSerializer(serializers.ModelSerializer):
    prescriptions = PrescriptionSerializer(many=True, read_only=True)

    class Meta:
        model = PlannedWorkout
        fields = ["id", "day_index", "planned_date", "name", "prescriptions"]


class ProgramWeekSerializer(serializers.ModelSerializer):
    workouts = PlannedWorkoutSerializer(many=True, read_only=True)

    class Meta:
        model = ProgramWeek
        fields = ["id", "index", "is_deload", "workouts"]


class ProgramSerializer(serializers.ModelSerializer):
    weeks = ProgramWeekSerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = [
            "id",
            "client",
            "name",
            "status",
            "start_date",
            "rationale",
            "monitoring_rules",
            "created_at",
            "activated_at",
            "weeks",
        ]


class RecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = [
            "id",
            "client",
            "kind",
            "status",
            "level",
            "rationale",
            "confidence",
            "payload",
            "program",
            "created_at",
            "due_at",
            "decided_by",
            "decided_at",
            "decision_notes",
            "applied_automatically",
            "applied_at",
            "source",
        ]
        read_only_fields = fields


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "reject", "modify"])
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    payload = serializers.JSONField(required=False)
    sessions_per_week = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=7,
        help_text="Modify a schedule_change: the sessions a week to carry out instead of the "
        "proposed number (fewer than the plan has).",
    )

    def validate(self, attrs):
        if attrs["decision"] == "reject" and not attrs["notes"].strip():
            raise serializers.ValidationError(
                {"notes": ["Say why, so the AI and the client learn."]}
            )
        if (
            attrs["decision"] == "modify"
            and attrs.get("payload") is None
            and attrs.get("sessions_per_week") is None
        ):
            raise serializers.ValidationError({"payload": ["Send the changed payload to apply."]})
        return attrs
