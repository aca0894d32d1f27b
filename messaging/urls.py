"""URL patterns of messaging: `api_urlpatterns` mount under /api/v1/, `page_urlpatterns` under /."""

from django.urls import path

from messaging import api, views

api_urlpatterns = [
    path(
        "orgs/<slug:org>/clients/<int:pk>/messages/",
        api.MessageListView.as_view(),
        name="api_client_messages",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/messages/read/",
        api.MessageReadView.as_view(),
        name="api_client_messages_read",
    ),
]

page_urlpatterns = [
    path("o/<slug:org>/app/messages/", views.client_messages, name="client_messages"),
    path(
        "o/<slug:org>/app/messages/poll/",
        views.client_messages_poll,
        name="client_messages_poll",
    ),
    path("o/<slug:org>/coach/messages/", views.coach_inbox, name="coach_inbox"),
    path(
        "o/<slug:org>/coach/clients/<int:pk>/messages/",
        views.coach_client_messages,
        name="coach_client_messages",
    ),
    path(
        "o/<slug:org>/coach/clients/<int:pk>/messages/poll/",
        views.coach_client_messages_poll,
        name="coach_client_messages_poll",
    ),
]
