"""URL patterns of triage: `api_urlpatterns` mount under /api/v1/, `page_urlpatterns` under /."""

from django.urls import path

from triage import api, views

api_urlpatterns = [
    path(
        "orgs/<slug:org>/clients/<int:pk>/scores/",
        api.ScoreListView.as_view(),
        name="api_client_scores",
    ),
    path("orgs/<slug:org>/review-queue/", api.ReviewQueueView.as_view(), name="api_review_queue"),
    path(
        "orgs/<slug:org>/review-queue/<int:pk>/resolve/",
        api.ResolveView.as_view(),
        name="api_review_resolve",
    ),
    path(
        "orgs/<slug:org>/escalation-rules/",
        api.EscalationRuleListView.as_view(),
        name="api_escalation_rules",
    ),
    path(
        "orgs/<slug:org>/escalation-rules/<int:pk>/",
        api.EscalationRuleDetailView.as_view(),
        name="api_escalation_rule_detail",
    ),
    path(
        "orgs/<slug:org>/reply-templates/",
        api.ReplyTemplateListView.as_view(),
        name="api_reply_templates",
    ),
    path(
        "orgs/<slug:org>/reply-templates/<int:pk>/",
        api.ReplyTemplateDetailView.as_view(),
        name="api_reply_template_detail",
    ),
]

page_urlpatterns = [
    path("o/<slug:org>/coach/", views.coach_home, name="coach_home"),
    path("o/<slug:org>/coach/queue/<int:pk>/resolve/", views.resolve, name="review_resolve"),
]
