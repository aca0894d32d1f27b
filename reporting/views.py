from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from billing import gateway
from coaching.access import organization_page
from coaching.models import Role
from reporting.metrics import business_metrics


@organization_page(roles=[Role.OWNER])
def owner_home(request: HttpRequest) -> HttpResponse:
    """The owner's home: the business in figures, with links to tiers and the team."""
    return render(
        request,
        "reporting/owner_home.html",
        {"metrics": business_metrics(), "stripe_on": gateway.is_configured()},
    )
