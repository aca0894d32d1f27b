"""URL patterns of programs: `api_urlpatterns` mount under /api/v1/, `page_urlpatterns` under /."""

from django.urls import path

from programs import api
from programs.views import editor, training

api_urlpatterns = [
    path("orgs/<slug:org>/exercises/", api.ExerciseListView.as_view(), name="api_exercises"),
    path(
        "orgs/<slug:org>/clients/<int:pk>/workout-logs/",
        api.WorkoutLogListView.as_view(),
        name="api_workout_logs",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/personal-bests/",
        api.PersonalBestsView.as_view(),
        name="api_personal_bests",
    ),
]
api_urlpatterns += [
    path("orgs/<slug:org>/clients/<int:pk>/imports/", api.ImportView.as_view(), name="api_imports"),
    path(
        "orgs/<slug:org>/clients/<int:pk>/imports/<int:job_id>/",
        api.ImportJobView.as_view(),
        name="api_import_job",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/programs/draft/",
        api.DraftView.as_view(),
        name="api_program_draft",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/programs/",
        api.ProgramListView.as_view(),
        name="api_programs",
    ),
    path(
        "orgs/<slug:org>/programs/<int:pk>/edits/",
        api.ProgramEditView.as_view(),
        name="api_program_edits",
    ),
    path(
        "orgs/<slug:org>/programs/<int:pk>/prescriptions/<int:prescription>/swap-options/",
        api.SwapOptionsView.as_view(),
        name="api_swap_options",
    ),
    path(
        "orgs/<slug:org>/recommendations/",
        api.RecommendationListView.as_view(),
        name="api_recommendations",
    ),
    path(
        "orgs/<slug:org>/recommendations/<int:pk>/decision/",
        api.DecisionView.as_view(),
        name="api_recommendation_decision",
    ),
]
page_urlpatterns = [
    path("o/<slug:org>/app/import/", training.client_import, name="client_import"),
    path("o/<slug:org>/coach/clients/<int:pk>/import/", training.coach_import, name="coach_import"),
    path(
        "o/<slug:org>/app/import/<int:job_id>/",
        training.client_import_job,
        name="client_import_job",
    ),
    path(
        "o/<slug:org>/coach/clients/<int:pk>/import/<int:job_id>/",
        training.coach_import_job,
        name="coach_import_job",
    ),
    path("o/<slug:org>/coach/clients/<int:pk>/training/", training.training, name="coach_training"),
    path(
        "o/<slug:org>/coach/programs/<int:pk>/edit/",
        editor.program_editor,
        name="coach_program_editor",
    ),
]
