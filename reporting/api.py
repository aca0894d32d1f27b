from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from coaching.api.base import OWNER_ONLY, OrganizationAPIView
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
