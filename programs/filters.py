"""The programs API's query filters (django-filter FilterSets; see ``coaching.api.filters``)."""

from __future__ import annotations

from django.db.models import Q
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from coaching.api.filters import id_validator
from coaching.local_sql import day_range
from programs.models import Exercise, Recommendation, WorkoutLog


class ExerciseFilter(filters.FilterSet):
    """``?search=`` (every word in the name or an alias), ``?equipment=``, ``?muscle=`` (primary
    or secondary) and ``?pattern=``."""

    search = filters.CharFilter(method="filter_search", help_text="Words of the name or an alias.")
    equipment = filters.CharFilter(field_name="equipment")
    muscle = filters.CharFilter(method="filter_muscle", help_text="A primary or secondary muscle.")
    pattern = filters.CharFilter(field_name="pattern", help_text="A movement pattern.")

    class Meta:
        model = Exercise
        fields = ["search", "equipment", "muscle", "pattern"]

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(name__icontains=word) | Q(aliases__icontains=word))
        return queryset

    def filter_muscle(self, queryset, name, value):
        return queryset.filter(
            Q(primary_muscles__icontains=f'"{value}"')
            | Q(secondary_muscles__icontains=f'"{value}"')
        )


class WorkoutLogFilter(filters.FilterSet):
    """``?since=YYYY-MM-DD``: logs from the start of that day in the client's time zone."""

    since = filters.DateFilter(
        method="filter_since",
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Use a date like 2026-01-31."},
    )

    class Meta:
        model = WorkoutLog
        fields = ["since"]

    def filter_since(self, queryset, name, value):
        zone_name = self.view.client.zone_name  # the client the view resolved (and scoped to)
        return queryset.filter(**day_range("performed_at", value, None, zone_name))


class RecommendationFilter(filters.FilterSet):
    """``?status=``, ``?kind=`` and ``?client=<id>``."""

    status = filters.CharFilter(field_name="status")
    kind = filters.CharFilter(field_name="kind")
    # Read as text so a non-number is the 400 below, documented as the integer id it is.
    client = extend_schema_field(OpenApiTypes.INT)(
        filters.CharFilter(field_name="client_id", validators=[id_validator("Use a client id.")])
    )

    class Meta:
        model = Recommendation
        fields = ["status", "kind", "client"]
