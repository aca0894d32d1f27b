"""The one base class every organization API view stands on.

The organization slug in the URL is resolved here, once: the user's membership is checked
(an outsider gets 404, never a hint that the organization exists), then the role (403), and the
whole view runs inside ``tenant_scope`` so both the ORM and Postgres row-level security see this
organization only. Subclasses do not resolve the organization again and may not override
``get_queryset``; they narrow rows with ``scope_queryset``.

The scope is opened in ``initial`` (after authentication, once the organization is known) but
closed by the ``with`` block in ``dispatch`` that surrounds the whole request: whatever the view
raises, the scope ends with the request that opened it. (Closing it in ``finalize_response`` was
not enough: DRF skips that when an exception escapes, and the garbage collector then closed the
forgotten scope later, inside another request, emptying that request's tenant setting.)
"""

from __future__ import annotations

import contextlib

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework import generics
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError

from coaching.models import Client, Membership, Organization, Role
from coaching.tenancy import tenant_scope

ALL_ROLES = frozenset(Role.values)
STAFF = frozenset({Role.OWNER, Role.COACH})
OWNER_ONLY = frozenset({Role.OWNER})
CLIENT_ONLY = frozenset({Role.CLIENT})
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class OrganizationAPIView(generics.GenericAPIView):
    """A view under ``/api/v1/orgs/<org>/``. Set ``model``, ``allowed_roles``, ``write_roles``."""

    model = None
    # Models with shared rows (organization NULL, e.g. the global exercise library) also list those.
    includes_shared_rows = False
    allowed_roles: frozenset = ALL_ROLES
    # Roles that may use unsafe methods (POST, PUT, PATCH, DELETE); defaults to allowed_roles.
    write_roles: frozenset | None = None

    organization: Organization
    membership: Membership

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(
                f"{cls.__name__} overrides get_queryset; override scope_queryset instead so the "
                "organization filter cannot be lost"
            )

    # -- the boundary ------------------------------------------------------------------------
    def dispatch(self, request, *args, **kwargs):
        with contextlib.ExitStack() as self._scope:
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication and IsAuthenticated first
        _refuse_null_characters(request.query_params)
        organization = Organization.objects.filter(slug=kwargs.get("org")).first()
        if organization is None:
            raise NotFound()
        self._scope.enter_context(tenant_scope(organization, request.user))  # closed by dispatch
        membership = Membership.objects.filter(user=request.user).first()
        if membership is None:
            raise NotFound()
        self.organization = organization
        self.membership = membership
        roles = self.allowed_roles
        if request.method not in SAFE_METHODS and self.write_roles is not None:
            roles = self.write_roles
        if membership.role not in roles:
            raise PermissionDenied("Your role in this organization may not do this.")

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            exc = NotFound()
        return super().handle_exception(exc)

    # -- querysets -----------------------------------------------------------------------------
    def scope_queryset(self, queryset):
        """Narrow the organization's rows further (by role, by filters). Default: all of them."""
        return queryset

    def get_queryset(self):
        if self.model is None:
            raise NotImplementedError(f"{type(self).__name__} sets no model")
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no rows
            return self.model.unscoped.none()
        queryset = self.scope_queryset(self.model.objects.all())
        if self.includes_shared_rows:
            return queryset.filter(Q(organization=self.organization) | Q(organization__isnull=True))
        return queryset.filter(organization=self.organization)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["organization"] = getattr(self, "organization", None)
        context["membership"] = getattr(self, "membership", None)
        return context

    @property
    def is_staff_member(self) -> bool:
        return self.membership.role in STAFF


def _refuse_null_characters(params) -> None:
    """Postgres text cannot hold NUL: a filter carrying one is bad input (400), not a crash.
    Serializer fields already refuse it (DRF's ProhibitNullCharactersValidator)."""
    bad = sorted({name for name, values in params.lists() if any("\x00" in v for v in values)})
    if bad:
        raise ValidationError({name: ["Null characters are not allowed."] for name in bad})


class OneClientMixin:
    """For views about one client (``<pk>`` in the URL): staff reach every client of the
    organization, a client only themself; anyone else's id is a 404."""

    def get_client(self, pk: int):

        clients = Client.objects.select_related("user", "coach")
        if self.membership.role == Role.CLIENT:
            clients = clients.filter(user=self.request.user)
        client = get_object_or_404(clients, pk=pk)
        # The organization in scope is the client's (the manager filters by it): saves a query
        # wherever the client's organization is read (every row written for them).
        client.organization = self.organization
        return client
