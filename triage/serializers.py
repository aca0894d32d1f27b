from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from triage.core.defaults import LOCKED_REASON, LOCKED_RED_TRIGGERS, RED_HOURS
from triage.models import (
    MAX_HOLD_NOTE_CHARS,
    MAX_REPLY_CHARS,
    MAX_REVIEW_MINUTES,
    AutomationHold,
    EscalationRule,
    Habit,
    HabitCheck,
    ReplyTemplate,
    Resolution,
    ReviewItem,
    WeeklySummary,
)
from triage.weekly import ESCALATION_NOTE_MAX

# The organization's own check-in questions: at most this many answers, each in words up to
# MAX_ANSWER_LENGTH characters or a number (a 1–5 scale), keyed by the question's id.
MAX_EXTRA_ANSWERS = 50
MAX_ANSWER_LENGTH = 1000
MAX_QUESTION_KEY_LENGTH = 40
# Reply templates: what a coach edits and sends in one message.
MAX_TEMPLATE_LENGTH = 4000


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()


class ReviewItemSerializer(serializers.ModelSerializer):
    reasons = ReasonSerializer(many=True, read_only=True)
    client_name = serializers.CharField(source="client.user.display_name", read_only=True)
    overdue = serializers.SerializerMethodField()
    # Blank until the item is resolved: the schema must say so.
    resolution = serializers.ChoiceField(
        choices=Resolution.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = ReviewItem
        fields = [
            "id",
            "client",
            "client_name",
            "level",
            "reasons",
            "source",
            "reason_kind",
            "created_at",
            "updated_at",
            "due_at",
            "overdue",
            "status",
            "assigned_to",
            "resolution",
            "message",
            "resolved_by",
            "resolved_at",
            "minutes_spent",
            "raised_by_ai",
            "raised_by",
            "evidence",
        ]
        read_only_fields = fields

    def get_overdue(self, item) -> bool:
        from django.utils import timezone

        return item.status == "open" and item.due_at < timezone.now()


class ResolveSerializer(serializers.Serializer):
    """The same fields and limits as the queue page's ``triage.forms.ResolveForm``."""

    resolution = serializers.ChoiceField(choices=Resolution.choices)
    message = serializers.CharField(allow_blank=True, max_length=MAX_REPLY_CHARS)
    minutes_spent = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=MAX_REVIEW_MINUTES,
        help_text="How many minutes the review took (optional; feeds the owner's coach load).",
    )


class ClientResolveSerializer(ResolveSerializer):
    """Resolve a client's open items at once; ``minutes_spent`` is shared among them."""

    items = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Only these of the client's open items (default: all of them).",
    )


class QueueClientSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CardReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    item = serializers.IntegerField(help_text="The review item this reason belongs to.")


class ClientCardSerializer(serializers.Serializer):
    """One client in the queue (``triage.core.queue_rules.Card``): every open reason, the most
    urgent item's first; the highest level; the earliest due time."""

    client = serializers.SerializerMethodField()
    level = serializers.ChoiceField(choices=["red", "yellow", "green"])
    reasons = CardReasonSerializer(many=True)
    items = serializers.ListField(child=serializers.IntegerField(), source="item_ids")
    due_at = serializers.DateTimeField()
    overdue = serializers.SerializerMethodField()
    automation_hold = serializers.SerializerMethodField()

    @extend_schema_field(QueueClientSerializer)
    def get_client(self, card) -> dict:
        client = card.items[0].client
        return {"id": client.pk, "name": client.user.display_name}

    def get_overdue(self, card) -> bool:
        from django.utils import timezone

        return card.overdue(timezone.now())

    def get_automation_hold(self, card) -> bool:
        return card.items[0].client.automation_hold


class ClientResolvedSerializer(serializers.Serializer):
    client = QueueClientSerializer()
    automation_hold = serializers.BooleanField()
    items = ReviewItemSerializer(many=True)


class HoldReleaseSerializer(serializers.Serializer):
    """The same field and limit as the pages' ``triage.forms.HoldReleaseForm``."""

    note = serializers.CharField(max_length=MAX_HOLD_NOTE_CHARS, trim_whitespace=True)


class AutomationHoldSerializer(serializers.ModelSerializer):
    class Meta:
        model = AutomationHold
        fields = [
            "id",
            "client",
            "placed_at",
            "reason",
            "referred",
            "released_at",
            "released_by",
            "released_how",
            "release_note",
        ]
        read_only_fields = fields


class FlagSerializer(serializers.Serializer):
    """A coach flags a client by hand: yellow (review within the tier's time) or red (now)."""

    level = serializers.ChoiceField(choices=[("yellow", "Yellow"), ("red", "Red")])
    reason = serializers.CharField(max_length=500, trim_whitespace=True)


class EscalationRuleSerializer(serializers.ModelSerializer):
    locked = serializers.SerializerMethodField(
        help_text="A medical or mental-health warning sign: always red, answered within 1 hour."
    )

    class Meta:
        model = EscalationRule
        fields = [
            "id",
            "trigger",
            "description",
            "level",
            "response_hours",
            "action",
            "active",
            "locked",
        ]
        read_only_fields = ["id", "trigger"]

    def get_locked(self, rule) -> bool:
        return rule.trigger in LOCKED_RED_TRIGGERS

    def validate(self, attrs):
        level = attrs.get("level", getattr(self.instance, "level", None))
        hours = attrs.get("response_hours", getattr(self.instance, "response_hours", None))
        locked = self.instance is not None and self.instance.trigger in LOCKED_RED_TRIGGERS
        errors = {}
        if locked and level != "red":
            errors["level"] = [LOCKED_REASON]
        if locked and attrs.get("active") is False:
            errors["active"] = [LOCKED_REASON]
        if (level == "red" or locked) and hours is not None and hours > RED_HOURS:
            errors["response_hours"] = ["A red flag must reach a person within 1 hour."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ReplyTemplateSerializer(serializers.ModelSerializer):
    body = serializers.CharField(max_length=MAX_TEMPLATE_LENGTH)

    class Meta:
        model = ReplyTemplate
        fields = ["id", "resolution", "name", "body"]

    def validate_name(self, value):
        taken = ReplyTemplate.objects.filter(name__iexact=value.strip())
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError("Another template has this name.")
        return value.strip()


class AdherenceScoreSerializer(serializers.ModelSerializer):
    reasons = ReasonSerializer(many=True, read_only=True)

    class Meta:
        from triage.models import AdherenceScore

        model = AdherenceScore
        fields = [
            "date",
            "level",
            "completion_7d",
            "completion_28d",
            "completion_90d",
            "checkin_response_rate",
            "readiness_z",
            "performance_trend",
            "risk",
            "reasons",
        ]
        read_only_fields = fields


SYMPTOMS = (
    "chest_pain",
    "dizziness",
    "fainting",
    "shortness_of_breath",
    "palpitations",
    "numbness",
    "weakness_one_side",
    "vision_or_speech_changes",
    "severe_headache",
    "nausea",
)


def _score(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=5, **kwargs)


class PainSerializer(serializers.Serializer):
    area = serializers.CharField(max_length=60)
    severity = serializers.IntegerField(min_value=0, max_value=10)
    new = serializers.BooleanField(default=False)
    related_exercise = serializers.IntegerField(required=False, allow_null=True)

    def validate_related_exercise(self, value):
        if value is None:
            return None
        from django.db.models import Q

        from programs.models import Exercise

        organization = self.context["organization"]
        exercise = Exercise.unscoped.filter(
            Q(organization=organization) | Q(organization__isnull=True), pk=value
        ).first()
        if exercise is None:
            raise serializers.ValidationError("No such exercise in your library.")
        return exercise


def clean_extra_answers(answers: dict) -> dict:
    """Answers to the organization's own questions, refused when oversized or not a plain
    answer (words, a number, or nothing)."""
    if len(answers) > MAX_EXTRA_ANSWERS:
        raise serializers.ValidationError(f"At most {MAX_EXTRA_ANSWERS} answers.")
    for key, value in answers.items():
        if len(key) > MAX_QUESTION_KEY_LENGTH:
            raise serializers.ValidationError(
                f"Question keys are at most {MAX_QUESTION_KEY_LENGTH} characters."
            )
        if isinstance(value, str):
            if len(value) > MAX_ANSWER_LENGTH:
                raise serializers.ValidationError(
                    f"Each answer is at most {MAX_ANSWER_LENGTH} characters."
                )
        elif value is not None and not isinstance(value, int | float):
            raise serializers.ValidationError("Answer each question in words or with a number.")
    return answers


class CheckInSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False, allow_null=True)
    readiness = _score(help_text="1 = not ready at all, 5 = ready to go")
    sleep_quality = _score(help_text="1 = very poor, 5 = great")
    soreness = _score(help_text="1 = none, 5 = very sore")
    fatigue = _score(help_text="1 = fresh, 5 = exhausted")
    stress = _score(help_text="1 = calm, 5 = very stressed")
    mood = _score(help_text="1 = very low, 5 = great")
    satisfaction = _score(
        required=False, allow_null=True, help_text="How happy with coaching (1–5)"
    )
    sleep_hours = serializers.FloatField(min_value=0, max_value=24, required=False, allow_null=True)
    body_weight_kg = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        min_value=20,
        max_value=400,
        required=False,
        allow_null=True,
        coerce_to_string=False,
    )
    pain = PainSerializer(required=False, allow_null=True)
    symptoms = serializers.ListField(
        child=serializers.ChoiceField(choices=SYMPTOMS),
        required=False,
        default=list,
        max_length=len(SYMPTOMS),
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    wants_human_review = serializers.BooleanField(required=False, default=False)
    extra_answers = serializers.DictField(required=False, default=dict)

    def validate_extra_answers(self, value):
        return clean_extra_answers(value)


class CheckInResultSerializer(serializers.ModelSerializer):
    reasons = serializers.SerializerMethodField()

    class Meta:
        from triage.models import CheckIn

        model = CheckIn
        fields = [
            "id",
            "created_at",
            "level",
            "reasons",
            "message_to_client",
            "readiness",
            "sleep_quality",
            "soreness",
            "fatigue",
            "stress",
            "mood",
            "satisfaction",
            "sleep_hours",
            "body_weight_kg",
            "pain",
            "symptoms",
            "notes",
            "wants_human_review",
        ]
        read_only_fields = fields

    def get_reasons(self, check_in) -> list[dict]:
        return [{"code": r["code"], "text": r["text"]} for r in check_in.reasons]


class TrendBaselineSerializer(serializers.Serializer):
    mean = serializers.FloatField()
    spread = serializers.FloatField()
    low = serializers.FloatField()
    high = serializers.FloatField()


class TrendPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    value = serializers.FloatField()


class TrendSeriesSerializer(serializers.Serializer):
    """One chart's series (``triage.core.trends.TrendChart.as_dict``): ``points`` is empty when there is
    too little data to draw."""

    key = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    exercise = serializers.IntegerField(allow_null=True)
    baseline = TrendBaselineSerializer(allow_null=True)
    points = TrendPointSerializer(many=True)
    empty = serializers.BooleanField()


class FlaggedDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    level = serializers.ChoiceField(choices=["yellow", "red"])
    label = serializers.CharField()


class ClientTrendsSerializer(serializers.Serializer):
    """A client's trends (``triage.core.trends.ClientTrends.as_dict``)."""

    start = serializers.DateField()
    end = serializers.DateField()
    completion = TrendSeriesSerializer()
    readiness = TrendSeriesSerializer()
    lifts = TrendSeriesSerializer(many=True)
    flagged_days = FlaggedDaySerializer(many=True)


class WeeklySummarySerializer(serializers.ModelSerializer):
    """A client's week in plain words beside the reply Spotter drafted, and what the coach did."""

    client = serializers.IntegerField(source="client_id", read_only=True)
    summary = serializers.CharField(source="summary_text", read_only=True)
    check_in = serializers.IntegerField(source="check_in_id", read_only=True, allow_null=True)
    decided_by = serializers.IntegerField(source="decided_by_id", read_only=True, allow_null=True)

    class Meta:
        model = WeeklySummary
        fields = [
            "id",
            "client",
            "check_in",
            "week_start",
            "period_start",
            "period_end",
            "outlook",
            "suggested",
            "summary",
            "lines",
            "reasons",
            "draft",
            "status",
            "sent_body",
            "edited",
            "escalation_note",
            "decided_by",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


class WeeklyReplySerializer(serializers.Serializer):
    """Send the draft as is (no ``body``), or the coach's edit of it."""

    body = serializers.CharField(
        required=False, max_length=MAX_REPLY_CHARS, trim_whitespace=True, allow_blank=False
    )


class WeeklyEscalateSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, max_length=ESCALATION_NOTE_MAX, allow_blank=True, default=""
    )


class HabitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Habit
        fields = ["id", "kind", "name", "target", "active", "created_at"]
        read_only_fields = ["id", "active", "created_at"]
        extra_kwargs = {
            "kind": {"required": True},
            "name": {"required": False, "allow_blank": True},
        }


class HabitCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = HabitCheck
        fields = ["id", "habit", "day", "created_at"]
        read_only_fields = fields


class HabitTickSerializer(serializers.Serializer):
    day = serializers.DateField(required=False, help_text="The client's local day; default today.")
