"""Intake API: PUT the answers (client or their coach), GET them back, the coach's review."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from coaching import intake as intake_service
from coaching.api.base import ALL_ROLES, STAFF, OneClientMixin, OrganizationAPIView
from coaching.core import intake_vocab as vocab
from coaching.extensions import price_impact
from coaching.models import Client, Intake, IntakeStatus, Role

NOT_FOUND = OpenApiResponse(description="Not in this organization (or no such client).")
CONFLICT = OpenApiResponse(description="Not possible in the current state (reason in detail).")


def _range(field_range):
    low, high = field_range
    return {"min_value": low, "max_value": high}


class InjurySerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=vocab.INJURY_AREAS)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    current = serializers.BooleanField()


class YesNoScreenSerializer(serializers.Serializer):
    """A screen of yes/no questions: ``{question: bool}`` with known questions only; a question
    left out is a no."""

    questions: dict[str, str] = vocab.HEALTH_SCREEN

    def __init__(self, *args, questions: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if questions is not None:
            self.questions = questions

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError("Answer each question with true or false.")
        unknown = set(data) - set(self.questions)
        if unknown:
            raise serializers.ValidationError(
                f"Unknown questions: {', '.join(sorted(unknown))}. "
                f"Use: {', '.join(self.questions)}."
            )
        cleaned = {}
        for key in self.questions:
            value = data.get(key, False)
            if not isinstance(value, bool):
                raise serializers.ValidationError(f"{key} must be true or false.")
            cleaned[key] = value
        return cleaned

    def to_representation(self, value):
        return value


class HealthScreenSerializer(YesNoScreenSerializer):
    questions = vocab.HEALTH_SCREEN


class PostpartumSerializer(serializers.Serializer):
    """Details after a "yes" to pregnancy or a birth in the last 12 months."""

    # Required whenever any detail is given; an empty object means no details.
    stage = serializers.ChoiceField(choices=list(vocab.POSTPARTUM_STAGES), required=False)
    months_since_birth = serializers.IntegerField(
        required=False, allow_null=True, default=None, **_range(vocab.MONTHS_SINCE_BIRTH)
    )
    checked_since_birth = serializers.BooleanField(required=False, default=False)
    symptoms = serializers.ListField(
        child=serializers.ChoiceField(choices=list(vocab.POSTPARTUM_SYMPTOMS)),
        required=False,
        default=list,
        max_length=len(vocab.POSTPARTUM_SYMPTOMS),
    )

    def to_internal_value(self, data):
        if data in ({}, None):
            return {}
        return super().to_internal_value(data)

    def to_representation(self, value):
        return value or {}

    def validate_symptoms(self, value):
        return list(dict.fromkeys(value))

    def validate(self, attrs):
        if attrs and "stage" not in attrs:
            raise serializers.ValidationError({"stage": ["Say pregnant or postpartum."]})
        return attrs


class ClearanceSerializer(serializers.Serializer):
    """The coach records who cleared the client to train, on which day, and a note."""

    cleared_by = serializers.CharField(max_length=200)
    cleared_on = serializers.DateField()
    note = serializers.CharField(max_length=2000)


class IssueSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()


class IntakeSerializer(serializers.ModelSerializer):
    goals = serializers.ListField(
        child=serializers.ChoiceField(choices=list(vocab.GOALS)), allow_empty=False, max_length=7
    )
    goal_notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )
    training_age_years = serializers.FloatField(**_range(vocab.TRAINING_AGE_YEARS))
    sessions_per_week = serializers.IntegerField(**_range(vocab.SESSIONS_PER_WEEK))
    session_minutes = serializers.IntegerField(**_range(vocab.SESSION_MINUTES))
    equipment = serializers.ListField(
        child=serializers.ChoiceField(choices=list(vocab.EQUIPMENT)), allow_empty=True
    )
    injuries = InjurySerializer(many=True, required=False, default=list)
    health_screen = HealthScreenSerializer()
    health_notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )
    preferences = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )
    constraints = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )
    stress_level = serializers.IntegerField(**_range(vocab.STRESS_LEVEL))
    sleep_hours = serializers.FloatField(**_range(vocab.SLEEP_HOURS))
    age_years = serializers.IntegerField(
        required=False, allow_null=True, default=None, **_range(vocab.AGE_YEARS)
    )
    eating_screen = YesNoScreenSerializer(
        questions=vocab.EATING_SCREEN, required=False, default=dict
    )
    energy_screen = YesNoScreenSerializer(
        questions=vocab.ENERGY_SCREEN, required=False, default=dict
    )
    postpartum = PostpartumSerializer(required=False, default=dict)
    making_weight = serializers.BooleanField(required=False, default=False)
    segment = serializers.SerializerMethodField()
    issues = IssueSerializer(many=True, read_only=True)
    referrals = IssueSerializer(many=True, read_only=True)
    clearance = serializers.SerializerMethodField()
    segment_reasons = IssueSerializer(many=True, read_only=True)
    reviewed_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Intake
        fields = [
            "id",
            "client",
            "version",
            "status",
            *Intake.ANSWER_FIELDS,
            "segment",
            "suggested_service_model",
            "issues",
            "segment_reasons",
            "referral_suggested",
            "referrals",
            "groups",
            "clearance_required",
            "clearance",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_notes",
        ]
        read_only_fields = [
            "id",
            "client",
            "version",
            "status",
            "suggested_service_model",
            "referral_suggested",
            "groups",
            "clearance_required",
            "submitted_at",
            "reviewed_at",
            "review_notes",
        ]

    def validate_injuries(self, value):
        if len(value) > vocab.MAX_INJURIES:
            raise serializers.ValidationError(f"List at most {vocab.MAX_INJURIES} injuries.")
        return [dict(injury) for injury in value]

    def validate_equipment(self, value):
        return list(dict.fromkeys(value))

    def validate_goals(self, value):
        return list(dict.fromkeys(value))

    def validate_postpartum(self, value):
        return dict(value)

    def validate(self, attrs):
        screen = attrs.get("health_screen") or {}
        if attrs.get("postpartum") and not screen.get("pregnant_or_postpartum"):
            raise serializers.ValidationError(
                {"postpartum": ["Answer yes to pregnancy or a recent birth to add these details."]}
            )
        return attrs

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "cleared_by": {"type": "string"},
                "cleared_on": {"type": "string", "format": "date"},
                "note": {"type": "string"},
                "recorded_by": {"type": "integer", "nullable": True},
                "recorded_at": {"type": "string", "format": "date-time"},
            },
        }
    )
    def get_clearance(self, intake) -> dict | None:
        if not intake.cleared:
            return None
        return {
            "cleared_by": intake.clearance_by,
            "cleared_on": intake.clearance_on.isoformat() if intake.clearance_on else None,
            "note": intake.clearance_note,
            "recorded_by": intake.clearance_recorded_by_id,
            "recorded_at": serializers.DateTimeField().to_representation(
                intake.clearance_recorded_at
            ),
        }

    def get_segment(self, intake) -> dict:
        return {
            "risk": intake.risk or None,
            "experience": intake.experience or None,
            "autonomy": intake.autonomy or None,
        }


class IntakeReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[IntakeStatus.APPROVED, IntakeStatus.NEEDS_INFO])
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)

    def validate(self, attrs):
        if attrs["decision"] == IntakeStatus.NEEDS_INFO and not attrs["notes"].strip():
            raise serializers.ValidationError({"notes": ["Tell the client what to add or change."]})
        return attrs


class IntakeView(OneClientMixin, OrganizationAPIView):
    """The client's intake: PUT submits a version for the coach's review, GET reads the latest."""

    allowed_roles = ALL_ROLES

    @extend_schema(responses={200: IntakeSerializer, 404: NOT_FOUND})
    def get(self, request, org, pk):
        client = self.get_client(pk)
        intake = (
            Intake.objects.filter(client=client)
            .exclude(status=IntakeStatus.DRAFT)
            .order_by("-version")
            .first()
        )
        if intake is None:
            return Response(
                {"detail": "No intake submitted yet."}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(self._body(intake, client))

    @extend_schema(request=IntakeSerializer, responses={200: IntakeSerializer, 404: NOT_FOUND})
    def put(self, request, org, pk):
        client = self.get_client(pk)
        serializer = IntakeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answers = {name: serializer.validated_data.get(name) for name in Intake.ANSWER_FIELDS}
        intake, _ = intake_service.submit_intake(client, answers, by=request.user)
        return Response(self._body(intake, client))

    def _body(self, intake: Intake, client: Client) -> dict:
        body = IntakeSerializer(intake).data
        if self.membership.role != Role.CLIENT:
            body["price_impact"] = price_impact(client, intake.risk)
        return body


class IntakeReviewView(OneClientMixin, OrganizationAPIView):
    """The coach approves the intake or asks the client for more information."""

    allowed_roles = STAFF

    @extend_schema(
        request=IntakeReviewSerializer,
        responses={200: IntakeSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, org, pk):
        client = self.get_client(pk)
        serializer = IntakeReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        intake = intake_service.latest_intake(client)
        if intake is None or intake.status == IntakeStatus.DRAFT:
            return Response(
                {"detail": "There is no submitted intake to review."},
                status=status.HTTP_409_CONFLICT,
            )
        try:
            intake = intake_service.review_intake(
                intake,
                decision=serializer.validated_data["decision"],
                notes=serializer.validated_data["notes"],
                by=request.user,
            )
        except intake_service.ReviewConflict as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(IntakeSerializer(intake).data)


class IntakeClearanceView(OneClientMixin, OrganizationAPIView):
    """The coach records a medical clearance on the client's latest submitted intake: who
    cleared them, on which day, and a note. Until then no program is drafted for a client
    whose health screen calls for one (the draft endpoint answers 409)."""

    allowed_roles = STAFF

    @extend_schema(
        request=ClearanceSerializer,
        responses={200: IntakeSerializer, 400: OpenApiResponse(), 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, org, pk):
        client = self.get_client(pk)
        serializer = ClearanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        intake = (
            Intake.objects.filter(client=client)
            .exclude(status=IntakeStatus.DRAFT)
            .order_by("-version")
            .first()
        )
        if intake is None:
            return Response(
                {"detail": "There is no submitted intake to record a clearance on."},
                status=status.HTTP_409_CONFLICT,
            )
        data = serializer.validated_data
        try:
            intake = intake_service.record_clearance(
                intake,
                cleared_by=data["cleared_by"],
                cleared_on=data["cleared_on"],
                note=data["note"],
                by=request.user,
            )
        except intake_service.InvalidClearance as exc:
            raise serializers.ValidationError({exc.field: [str(exc)]}) from None
        return Response(IntakeSerializer(intake).data)
