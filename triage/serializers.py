from rest_framework import serializers

from triage.models import EscalationRule, ReplyTemplate, Resolution, ReviewItem


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()


class ReviewItemSerializer(serializers.ModelSerializer):
    reasons = ReasonSerializer(many=True, read_only=True)
    client_name = serializers.CharField(source="client.user.display_name", read_only=True)
    overdue = serializers.SerializerMethodField()

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
            "evidence",
        ]
        read_only_fields = fields

    def get_overdue(self, item) -> bool:
        from django.utils import timezone

        return item.status == "open" and item.due_at < timezone.now()


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.ChoiceField(choices=Resolution.choices)
    message = serializers.CharField(allow_blank=True, max_length=4000)


class EscalationRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = EscalationRule
        fields = ["id", "trigger", "description", "level", "response_hours", "action", "active"]
        read_only_fields = ["id", "trigger"]

    def validate(self, attrs):
        level = attrs.get("level", getattr(self.instance, "level", None))
        hours = attrs.get("response_hours", getattr(self.instance, "response_hours", None))
        if level == "red" and hours is not None and hours > 1:
            raise serializers.ValidationError(
                {"response_hours": ["A red flag must reach a person within 1 hour."]}
            )
        return attrs


class ReplyTemplateSerializer(serializers.ModelSerializer):
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
