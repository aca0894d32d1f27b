import json

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from coaching.api.base import CLIENT_ONLY, OWNER_ONLY, OrganizationAPIView
from coaching.models import Client
from reporting import export
from reporting.export import StreamedExport, stream_export
from reporting.metrics import DEFAULT_WEEKS, MAX_WEEKS, MIN_WEEKS, owner_metrics


class _Point(serializers.Serializer):
    week = serializers.DateField(help_text="The Monday the week starts on (local time zone).")
    value = serializers.FloatField(allow_null=True, help_text="null: no data that week.")
    n = serializers.IntegerField(required=False, help_text="How many records the value is of.")


class _TierRow(serializers.Serializer):
    tier = serializers.IntegerField()
    name = serializers.CharField()
    service_model = serializers.CharField()
    clients = serializers.IntegerField()
    mrr = serializers.FloatField()


class _SlaLevel(serializers.Serializer):
    resolved = serializers.IntegerField()
    on_time = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class _EscalationAccuracy(serializers.Serializer):
    rate = serializers.FloatField(
        allow_null=True,
        help_text="Of AI-raised items resolved in the window, the share not marked false alarm.",
    )
    ai_resolved = serializers.IntegerField()
    false_alarms = serializers.IntegerField()
    ai_raised = serializers.IntegerField()
    coach_raised = serializers.IntegerField(help_text="Items coaches flagged by hand.")
    missed_share = serializers.FloatField(
        allow_null=True, help_text="coach_raised / (ai_raised + coach_raised): what the AI missed."
    )
    client_requests = serializers.IntegerField()


class _OverrideRate(serializers.Serializer):
    rate = serializers.FloatField(
        allow_null=True, help_text="Of AI recommendations a coach decided: rejected or modified."
    )
    decided = serializers.IntegerField()
    approved = serializers.IntegerField()
    modified = serializers.IntegerField()
    rejected = serializers.IntegerField()
    automatic = serializers.IntegerField(help_text="Applied automatically, never put to a coach.")


class _WeeklyReplies(serializers.Serializer):
    answered = serializers.IntegerField(help_text="Weekly summaries a coach answered.")
    sent_unedited = serializers.IntegerField(help_text="Draft replies sent as drafted.")
    sent_edited = serializers.IntegerField(help_text="Draft replies a coach edited, then sent.")
    escalated = serializers.IntegerField(help_text="Weeks escalated instead of answered.")
    edited_rate = serializers.FloatField(allow_null=True, help_text="Edited, of replies sent.")
    override_rate = serializers.FloatField(
        allow_null=True, help_text="Edited or escalated, of weeks answered."
    )


class _Satisfaction(serializers.Serializer):
    mean = serializers.FloatField(allow_null=True, help_text="Mean answer, 1–5.")
    responses = serializers.IntegerField()
    distribution = serializers.DictField(child=serializers.IntegerField())


class _CoachLoad(serializers.Serializer):
    coach = serializers.IntegerField(help_text="User id.")
    name = serializers.CharField()
    active_clients = serializers.IntegerField()
    open_items = serializers.IntegerField()
    overdue = serializers.IntegerField()
    resolved = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    review_minutes = serializers.IntegerField(help_text="Minutes recorded when resolving.")
    items_with_minutes = serializers.IntegerField()
    minutes_per_review = serializers.FloatField(allow_null=True)
    mean_response_hours = serializers.FloatField(allow_null=True)
    mean_promised_hours = serializers.FloatField(
        allow_null=True, help_text="Mean of due − opened: the tiers' (or rules') promise."
    )
    within_promise = serializers.BooleanField(allow_null=True)


class _Series(serializers.Serializer):
    adherence_28d = _Point(many=True)
    sla_met_rate = _Point(many=True)
    escalation_accuracy = _Point(many=True)
    coach_raised = _Point(many=True)
    ai_raised = _Point(many=True)
    override_rate = _Point(many=True)
    automatic_changes = _Point(many=True)
    satisfaction = _Point(many=True)
    open_reviews = _Point(many=True)
    mrr = _Point(many=True, help_text="From the daily snapshots: weeks without one are null.")
    active_clients = _Point(many=True)


class _BeforeRecent(serializers.Serializer):
    before = serializers.FloatField(allow_null=True)
    recent = serializers.FloatField(allow_null=True)


class _WorkloadAndOutcomes(serializers.Serializer):
    coach_reviews_per_week = _BeforeRecent(
        help_text="Review items resolved plus AI recommendations decided, per week."
    )
    automatic_share = _BeforeRecent(help_text="AI changes applied without a coach, of all.")
    adherence_28d = _BeforeRecent()
    satisfaction = _BeforeRecent()
    weeks_compared = serializers.IntegerField(
        help_text="The latest complete weeks (recent) against as many before them (before)."
    )
    verdict = serializers.CharField(allow_null=True, help_text="null: not enough history.")


class MetricsSerializer(serializers.Serializer):
    """The owner's figures (documentation of the response; computed in reporting.metrics)."""

    mrr = serializers.FloatField()
    active_clients = serializers.IntegerField()
    clients_by_tier = _TierRow(many=True)
    adherence_28d = serializers.FloatField(allow_null=True)
    sla_met_rate = serializers.FloatField(allow_null=True)
    open_reviews = serializers.IntegerField()
    retention_90d = serializers.FloatField(allow_null=True)
    sla_met_rate_red = serializers.FloatField(allow_null=True)
    sla_by_level = serializers.DictField(child=_SlaLevel())
    open_reviews_red = serializers.IntegerField()
    open_reviews_overdue = serializers.IntegerField()
    currency = serializers.CharField()
    as_of = serializers.DateTimeField(help_text="When these figures were computed.")
    date = serializers.DateField(help_text="The organization's local day they are cached for.")
    time_zone = serializers.CharField()
    window_days = serializers.IntegerField(help_text="The window of the 28-day figures.")
    escalation_accuracy = _EscalationAccuracy()
    override_rate = _OverrideRate()
    weekly_replies = _WeeklyReplies()
    satisfaction_28d = _Satisfaction()
    coach_load = _CoachLoad(many=True)
    workload_and_outcomes = _WorkloadAndOutcomes()
    series = _Series()


class MetricsView(OrganizationAPIView):
    """The business at a glance (owner): MRR, clients by tier, adherence, SLA, retention,
    escalation accuracy, overrides, satisfaction, coach load, and weekly series for charts.
    Computed once per day per organization (``as_of`` says when)."""

    allowed_roles = OWNER_ONLY

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "weeks",
                int,
                description=f"Weeks in each series, {MIN_WEEKS}–{MAX_WEEKS} (default {DEFAULT_WEEKS}).",
            )
        ],
        responses={
            200: MetricsSerializer,
            400: OpenApiResponse(description="{weeks: [message]}"),
            403: OpenApiResponse(description="Owners only."),
            404: OpenApiResponse(description="Not in this organization."),
        },
    )
    def get(self, request, org):
        weeks = request.query_params.get("weeks", str(DEFAULT_WEEKS))
        if not weeks.isdigit() or not MIN_WEEKS <= int(weeks) <= MAX_WEEKS:
            raise ValidationError(
                {"weeks": [f"Use a whole number from {MIN_WEEKS} to {MAX_WEEKS}."]}
            )
        return Response(owner_metrics(self.organization, weeks=int(weeks)))


class ZipRenderer(BaseRenderer):
    """Lets a caller ask for ``Accept: application/zip``; errors still answer in JSON."""

    media_type = "application/zip"
    format = "zip"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data).encode() if data is not None else b""


class ZipExportView(OrganizationAPIView):
    """A zip download. A caller may ask for ``Accept: application/zip`` (or ``?format=zip``), but
    an error (403, 404, ...) is always answered in JSON, as documented."""

    renderer_classes = [JSONRenderer, ZipRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400:
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response


def _zip_response(export: StreamedExport) -> StreamingHttpResponse:
    """The zip, sent as it is written (reporting.export.stream_export): the first bytes leave
    at once, however large the organization."""
    response = StreamingHttpResponse(export.chunks, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, export.filename)
    return response


EXPORT_RESPONSES = {
    (200, "application/zip"): OpenApiResponse(
        OpenApiTypes.BINARY,
        description="A zip: one CSV and one JSON file per table, and manifest.json.",
    ),
    403: OpenApiResponse(description="Your role may not export this."),
    404: OpenApiResponse(description="Not in this organization."),
}


class ExportView(ZipExportView):
    """Everything the organization holds about its clients (owner): clients, intakes, programs,
    logs, check-ins, decisions and scores, as CSV and JSON in one zip."""

    allowed_roles = OWNER_ONLY

    @extend_schema(responses=EXPORT_RESPONSES)
    def get(self, request, org):
        return _zip_response(stream_export(self.organization, kind=export.FULL))


class DeidentifiedExportView(ZipExportView):
    """The same tables for research (owner): no names, emails or free text; ids replaced by
    stable salted hashes, so exports taken at different times join."""

    allowed_roles = OWNER_ONLY

    @extend_schema(responses=EXPORT_RESPONSES)
    def get(self, request, org):
        return _zip_response(stream_export(self.organization, kind=export.DEIDENTIFIED))


class MyExportView(ZipExportView):
    """A client's own records in this organization, and nobody else's."""

    allowed_roles = CLIENT_ONLY

    @extend_schema(responses=EXPORT_RESPONSES)
    def get(self, request, org):
        client_id = Client.objects.filter(user=request.user).values_list("id", flat=True).first()
        if client_id is None:
            raise NotFound("You have no client record in this organization.")
        return _zip_response(
            stream_export(self.organization, kind=export.CLIENT, client_id=client_id)
        )
