"""A URLconf for the request-scope tests: one API view and one page that fail on demand.

``?fail=python`` raises an ordinary exception (a 500 that escapes DRF), ``?fail=database`` a
database error that leaves a Postgres transaction aborted. Otherwise both run the garbage
collector first (a scope an earlier request left open would be closed now, inside this request)
and then answer the organization's clients as the scoped manager and, on Postgres, row-level
security see them.
"""

import gc

from django.db import connection
from django.http import JsonResponse
from django.urls import path
from rest_framework.response import Response

from coaching.access import organization_page
from coaching.api.base import OrganizationAPIView
from coaching.models import Client
from config.urls import urlpatterns as spotter_urlpatterns


def _fail_if_asked(request) -> None:
    fail = request.GET.get("fail")
    if fail == "python":
        raise RuntimeError("a view failed")
    if fail == "database":
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_anywhere")


def _clients_seen() -> dict:
    gc.collect()
    seen = {"clients": sorted(Client.objects.values_list("pk", flat=True))}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # no ORM filter: what row-level security lets through
            cursor.execute("SELECT id FROM coaching_client ORDER BY id")
            seen["rows"] = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT current_user")
            seen["role"] = cursor.fetchone()[0]
    return seen


class ClientsOrFailView(OrganizationAPIView):
    model = Client

    def get(self, request, org):
        _fail_if_asked(request)
        return Response(_clients_seen())


@organization_page()
def clients_or_fail_page(request):
    _fail_if_asked(request)
    return JsonResponse(_clients_seen())


urlpatterns = [
    path("test-scope/api/<slug:org>/", ClientsOrFailView.as_view()),
    path("test-scope/page/<slug:org>/", clients_or_fail_page),
    *spotter_urlpatterns,
]
