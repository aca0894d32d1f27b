import json

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from coaching.api.base import CLIENT_ONLY, OWNER_ONLY, OrganizationAPIView
from coaching.models import Client
from reporting import export
from reporting.export import build_export
from reporting.metrics import business_metrics


class MetricsView(OrganizationAPIView):
    """The business at a glance (owner): MRR, clients by tier, adherence, SLA, retention."""

    allowed_roles = OWNER_ONLY

    @extend_schema(
        responses={
            200: OpenApiResponse(description="{mrr, active_clients, clients_by_tier, ...}"),
            403: OpenApiResponse(description="Owners only."),
            404: OpenApiResponse(description="Not in this organization."),
        }
    )
    def get(self, request, org):
        return Response(business_metrics())


class ZipRenderer(BaseRenderer):
    """Lets a caller ask for ``Accept: application/zip``; errors still answer in JSON."""

    media_type = "application/zip"
    format = "zip"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data).encode() if data is not None else b""


def _zip_response(export) -> FileResponse:
    return FileResponse(
        export.file, as_attachment=True, filename=export.filename, content_type="application/zip"
    )


EXPORT_RESPONSES = {
    (200, "application/zip"): OpenApiResponse(
        OpenApiTypes.BINARY,
        description="A zip: one CSV and one JSON file per table, and manifest.json.",
    ),
    403: OpenApiResponse(description="Your role may not export this."),
    404: OpenApiResponse(description="Not in this organization."),
}


class ExportView(OrganizationAPIView):
    """Everything the organization holds about its clients (owner): clients, intakes, programs,
    logs, check-ins, decisions and scores, as CSV and JSON in one zip."""

    allowed_roles = OWNER_ONLY
    renderer_classes = [JSONRenderer, ZipRenderer]

    @extend_schema(responses=EXPORT_RESPONSES)
    def get(self, request, org):
        return _zip_response(build_export(self.organization, kind=export.FULL))


class DeidentifiedExportView(OrganizationAPIView):
    """The same tables for research (owner): no names, emails or free text; ids replaced by
    stable salted hashes, so exports taken at different times join."""

    allowed_roles = OWNER_ONLY
    renderer_classes = [JSONRenderer, ZipRenderer]

    @extend_schema(responses=EXPORT_RESPONSES)
    def get(self, request, org):
        return _zip_response(build_export(self.organization, kind=export.DEIDENTIFIED))


class MyExportView(OrganizationAPIView):
    """A client's own records in this organization, and nobody else's."""

    allowed_roles = CLIENT_ONLY
    renderer_classes = [JSONRenderer, ZipRenderer]

    @extend_schema(responses=EXPORT_RESPONSES)
    def get(self, request, org):
        client_id = Client.objects.filter(user=request.user).values_list("id", flat=True).first()
        if client_id is None:
            raise NotFound("You have no client record in this organization.")
        return _zip_response(
            build_export(self.organization, kind=export.CLIENT, client_id=client_id)
        )
