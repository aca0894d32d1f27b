"""The page-side tenant boundary: ``@organization_page(roles)``.

Resolves ``<org>`` from the URL once, checks membership (404 for outsiders, as if the
organization did not exist) and role (403), and runs the view inside ``tenant_scope`` with
``request.organization`` and ``request.membership`` set. Views render eagerly (``render``),
so every query runs inside the scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from coaching.models import Membership, Organization, Role
from coaching.tenancy import tenant_scope

ALL_ROLES = frozenset(Role.values)


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
                return view(request, *args, **kwargs)

        return wrapper

    return decorator
