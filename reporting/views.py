from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from billing import gateway
from coaching.access import organization_page
from coaching.formatting import money
from coaching.models import Role
from reporting.core import rules
from reporting.metrics import owner_metrics

# (series key, label, top of the chart: 1 for shares, None for the series' own maximum, format)
CHARTS = [
    ("adherence_28d", "28-day completion", 1.0, "percent"),
    ("sla_met_rate", "Reviews answered in time", 1.0, "percent"),
    ("escalation_accuracy", "AI flags that were not false alarms", 1.0, "percent"),
    ("override_rate", "AI recommendations coaches rejected or changed", 1.0, "percent"),
    ("automatic_changes", "Plan changes applied without a coach", None, "count"),
    ("satisfaction", "Client satisfaction (1–5)", 5.0, "score"),
    ("open_reviews", "Open reviews at the end of each week", None, "count"),
    ("coach_raised", "Clients coaches flagged that the AI did not", None, "count"),
    ("mrr", "Monthly recurring revenue", None, "money"),
    ("active_clients", "Active clients", None, "count"),
]


def _shown(value, kind: str, currency: str = "") -> str:
    """A figure as an owner reads it: 83%, 4.2 / 5, 1,240 USD, or — when unknown."""
    if value is None:
        return "—"
    if kind == "percent":
        return f"{value * 100:.0f}%"
    if kind == "score":
        return f"{value:.1f} / 5"
    if kind == "money":
        return money(round(value), currency)
    return f"{value:,.0f}"


def _charts(series: dict, currency: str) -> list[dict]:
    charts = []
    for key, label, top, kind in CHARTS:
        points = series.get(key, [])
        values = [p["value"] for p in points]
        latest = next((v for v in reversed(values) if v is not None), None)
        charts.append(
            {
                "key": key,
                "label": label,
                "kind": kind,
                "line": rules.sparkline(values, top=top),
                "latest": _shown(latest, kind, currency),
                "first_week": date.fromisoformat(points[0]["week"]) if points else None,
                "weeks": len(points),
            }
        )
    return charts


@require_http_methods(["GET", "POST"])
@organization_page(roles=[Role.OWNER])
def owner_home(request: HttpRequest) -> HttpResponse:
    """The owner's home: the business in figures and weekly charts, with links to tiers and the
    team. The figures are computed once a day; POST recalculates them now."""
    if request.method == "POST":
        owner_metrics(request.organization, refresh=True)
        return redirect("owner_home", org=request.organization.slug)
    metrics = owner_metrics(request.organization)
    return render(
        request,
        "reporting/owner_home.html",
        {
            "metrics": metrics,
            "as_of": timezone.localtime(
                datetime.fromisoformat(metrics["as_of"]), ZoneInfo(request.organization.time_zone)
            ),
            "charts": _charts(metrics["series"], metrics["currency"]),
            "stripe_on": gateway.is_configured(),
        },
    )
