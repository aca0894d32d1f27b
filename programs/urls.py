"""URL patterns of programs: `api_urlpatterns` mount under /api/v1/, `page_urlpatterns` under /."""

from django.urls import path

from programs import api

api_urlpatterns = [
    path("orgs/<slug:org>/exercises/", api.ExerciseListView.as_view(), name="api_exercises"),
    path(
        "orgs/<slug:org>/clients/<int:pk>/workout-logs/",
        api.WorkoutLogListView.as_view(),
        name="api_workout_logs",
    ),
]
page_urlpatterns: list = []
