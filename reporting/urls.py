from django.urls import path

from reporting import api, views

api_urlpatterns = [
    path("orgs/<slug:org>/metrics/", api.MetricsView.as_view(), name="api_metrics"),
    path("orgs/<slug:org>/export/", api.ExportView.as_view(), name="api_export"),
    path(
        "orgs/<slug:org>/export/deidentified/",
        api.DeidentifiedExportView.as_view(),
        name="api_export_deidentified",
    ),
    path("orgs/<slug:org>/me/export/", api.MyExportView.as_view(), name="api_my_export"),
]
page_urlpatterns = [
    path("o/<slug:org>/owner/", views.owner_home, name="owner_home"),
]
