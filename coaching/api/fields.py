"""Related fields that only ever see the organization in the serializer's context.

A client cannot attach another tenant's exercise, workout or coach by guessing an id: the
lookup runs inside the organization, so a foreign id is "does not exist", as if it never was.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from rest_framework import serializers

from coaching.models import STAFF_ROLES


class OrganizationScopedField(serializers.PrimaryKeyRelatedField):
    """A primary key of ``model`` that must belong to the serializer's organization.

    ``include_shared`` also admits rows with no organization (the global exercise library).
    """

    def __init__(self, model=None, include_shared: bool = False, **kwargs):
        self.model = model
        self.include_shared = include_shared
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", model.unscoped.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        organization = self.context.get("organization")
        if organization is None:
            return self.model.unscoped.none()
        if self.include_shared:
            return self.model.unscoped.filter(
                Q(organization=organization) | Q(organization__isnull=True)
            )
        return self.model.unscoped.filter(organization=organization)


class OrganizationStaffField(serializers.PrimaryKeyRelatedField):
    """A user id that must be a coach or owner of the serializer's organization."""

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", get_user_model().objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        organization = self.context.get("organization")
        if organization is None:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(
            membership__organization=organization, membership__role__in=STAFF_ROLES
        )
