"""URL patterns of form checks: `api_urlpatterns` mount under /api/v1/, `page_urlpatterns` under /."""

from django.urls import path

from formchecks import api, views

CHECK = "orgs/<slug:org>/clients/<int:pk>/form-checks/<int:check_id>/"

api_urlpatterns = [
    path(
        "orgs/<slug:org>/clients/<int:pk>/form-checks/",
        api.FormCheckListView.as_view(),
        name="api_form_checks",
    ),
    path(CHECK, api.FormCheckDetailView.as_view(), name="api_form_check"),
    path(f"{CHECK}file/", api.FormCheckFileView.as_view(), name="api_form_check_file"),
    path(f"{CHECK}comments/", api.FormCommentListView.as_view(), name="api_form_check_comments"),
]

page_urlpatterns = [
    path("o/<slug:org>/app/form-checks/", views.client_form_checks, name="client_form_checks"),
    path(
        "o/<slug:org>/app/form-checks/<int:check_id>/",
        views.client_form_check,
        name="client_form_check",
    ),
    path(
        "o/<slug:org>/coach/clients/<int:pk>/form-checks/",
        views.coach_form_checks,
        name="coach_form_checks",
    ),
    path(
        "o/<slug:org>/coach/clients/<int:pk>/form-checks/<int:check_id>/",
        views.coach_form_check,
        name="coach_form_check",
    ),
]
