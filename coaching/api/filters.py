"""Query filters of the API, with django-filter: each list's ``?name=`` parameters are a FilterSet,
validated like a form (a bad value is a 400 naming the parameter) and documented in OpenAPI.

The organization scope is not a filter: ``OrganizationAPIView.get_queryset`` applies it before
any FilterSet sees the rows, so a filter can only narrow one organization's rows further.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db.models import Q
from django_filters import rest_framework as filters

from coaching.models import Client

# A whole number id, ASCII digits only (int() refuses other scripts' digits).
ID_PATTERN = r"^[0-9]+$"


def id_validator(message: str) -> RegexValidator:
    return RegexValidator(ID_PATTERN, message)


class FilterBackend(filters.DjangoFilterBackend):
    """django-filter's backend that also hands the view to its FilterSet (``self.view``), for
    filters that depend on what the view resolved (a client's time zone)."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            filterset.view = view
        return filterset


class ClientFilter(filters.FilterSet):
    """``?coach=me`` (the caller's own clients) or ``?coach=<user id>``, ``?status=``, and
    ``?search=`` in the client's email or name."""

    coach = filters.CharFilter(
        method="filter_coach",
        validators=[RegexValidator(r"^(me|[0-9]+)$", "Use a coach's user id or 'me'.")],
        help_text="A coach's user id, or `me` for your own clients.",
    )
    status = filters.CharFilter(field_name="status", help_text="active, paused or archived.")
    search = filters.CharFilter(method="filter_search", help_text="Part of an email or name.")

    class Meta:
        model = Client
        fields = ["coach", "status", "search"]

    def filter_coach(self, queryset, name, value):
        if value == "me":
            return queryset.filter(coach=self.request.user)
        return queryset.filter(coach_id=int(value))

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(user__email__icontains=value) | Q(user__name__icontains=value))
