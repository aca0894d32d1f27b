"""The page-side tenant boundary: ``@organization_page(roles)``.

Resolves ``<org>`` from the URL once, checks membership (404 for outsiders, as if the
organization did not exist) and role (403), and runs the view inside ``tenant_scope`` with
``request.organization`` and ``request.membership`` set, and the page's zone active (the
client's own, else the organization's). Views render eagerly (``render``), so every query runs
inside the scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from coaching.core.localtime import zone_name_for
from coaching.models import Client, Membership, Organization, Role
from coaching.tenancy import tenant_scope

ALL_ROLES = frozenset(Role.values)


def page_zone(organization, membership) -> str:
    """The zone a page shows days and times in: a client's own (else the organization's) for a
    client, the organization's for its staff."""
    if membership.role == Role.CLIENT:
        own = (
            Client.objects.filter(user=membership.user_id)
            .values_list("time_zone", flat=True)
            .first()
        )
        return zone_name_for(own, organization.time_zone)
    return organization.time_zone


def organization_page(roles: Iterable[str] = ALL_ROLES) -> Callable:
    allowed = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request, org: str, *args, **kwargs):
            organization = Organization.objects.filter(slug=org).first()
            if organization is None:
                raise Http404("No such organization")
            with tenant_scope(organization, request.user):
                membership = Membership.objects.filter(user=request.user).first()
                if membership is None:
                    raise Http404("No such organization")
                if membership.role not in allowed:
                    raise PermissionDenied("Your role in this organization cannot open this page.")
                request.organization = organization
                request.membership = membership
                # Dates and times on the page are local: the client's own zone on a client's
                # pages, the organization's on staff pages.
                with timezone.override(page_zone(organization, membership)):
                    return view(request, *args, **kwargs)

        return wrapper

    return decorator
