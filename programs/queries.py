"""Reads of programs that pages and the API share."""

from django.db.models import Prefetch

from programs.models import PlannedWorkout, Prescription, ProgramWeek


def program_queryset(queryset):
    """Programs with their weeks, workouts and prescriptions (exercise included) prefetched in
    order: a fixed number of queries however long the plan."""
    return queryset.prefetch_related(
        Prefetch("weeks", queryset=ProgramWeek.unscoped.order_by("index")),
        Prefetch(
            "weeks__workouts",
            queryset=PlannedWorkout.unscoped.order_by("planned_date", "day_index"),
        ),
        Prefetch(
            "weeks__workouts__prescriptions",
            queryset=Prescription.unscoped.select_related("exercise").order_by("order"),
        ),
    )
