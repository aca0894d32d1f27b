from django.urls import path

from reporting import api, views

api_urlpatterns = [
    path("orgs/<slug:org>/metrics/", api.MetricsView.as_view(), name="api_metrics"),
]
page_urlpatterns = [
    path("o/<slug:org>/owner/", views.owner_home, name="owner_home"),
]
