"""URL patterns of triage: `api_urlpatterns` mount under /api/v1/, `page_urlpatterns` under /."""

from django.urls import path

from triage import api
from triage.views import client, client_sessions, coach_client, owner, queue, weekly

api_urlpatterns = [
    path(
        "orgs/<slug:org>/weekly-summaries/",
        api.WeeklySummaryListView.as_view(),
        name="api_weekly_summaries",
    ),
    path(
        "orgs/<slug:org>/weekly-summaries/<int:pk>/",
        api.WeeklySummaryDetailView.as_view(),
        name="api_weekly_summary",
    ),
    path(
        "orgs/<slug:org>/weekly-summaries/<int:pk>/send/",
        api.WeeklySummarySendView.as_view(),
        name="api_weekly_summary_send",
    ),
    path(
        "orgs/<slug:org>/weekly-summaries/<int:pk>/escalate/",
        api.WeeklySummaryEscalateView.as_view(),
        name="api_weekly_summary_escalate",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/check-ins/",
        api.CheckInView.as_view(),
        name="api_client_check_ins",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/scores/",
        api.ScoreListView.as_view(),
        name="api_client_scores",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/trends/",
        api.TrendsView.as_view(),
        name="api_client_trends",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/flags/",
        api.ClientFlagView.as_view(),
        name="api_client_flag",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/habits/",
        api.HabitListView.as_view(),
        name="api_client_habits",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/habits/<int:hid>/",
        api.HabitDetailView.as_view(),
        name="api_client_habit",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/habits/<int:hid>/checks/",
        api.HabitCheckView.as_view(),
        name="api_client_habit_checks",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/habits/<int:hid>/checks/<str:day>/",
        api.HabitCheckDayView.as_view(),
        name="api_client_habit_check_day",
    ),
    path("orgs/<slug:org>/review-queue/", api.ReviewQueueView.as_view(), name="api_review_queue"),
    path(
        "orgs/<slug:org>/review-queue/by-client/",
        api.ReviewQueueByClientView.as_view(),
        name="api_review_queue_by_client",
    ),
    path(
        "orgs/<slug:org>/review-queue/by-client/<int:pk>/resolve/",
        api.ClientResolveView.as_view(),
        name="api_review_resolve_client",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/hold/release/",
        api.HoldReleaseView.as_view(),
        name="api_client_hold_release",
    ),
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
    path(
        "o/<slug:org>/coach/weekly/<int:pk>/",
        weekly.answer,
        name="coach_weekly_answer",
    ),
    path(
        "o/<slug:org>/owner/check-in-questions/",
        owner.add_question,
        name="owner_question_add",
    ),
    path("o/<slug:org>/app/", client.client_home, name="client_home"),
    path("o/<slug:org>/coach/clients/<int:pk>/", coach_client.coach_client, name="coach_client"),
    path("o/<slug:org>/coach/clients/<int:pk>/flag/", coach_client.coach_flag, name="coach_flag"),
    path(
        "o/<slug:org>/coach/clients/<int:pk>/habits/",
        coach_client.coach_habit_assign,
        name="coach_habit_assign",
    ),
    path(
        "o/<slug:org>/coach/clients/<int:pk>/habits/<int:hid>/archive/",
        coach_client.coach_habit_archive,
        name="coach_habit_archive",
    ),
    path(
        "o/<slug:org>/coach/clients/<int:pk>/draft/", coach_client.coach_draft, name="coach_draft"
    ),
    path(
        "o/<slug:org>/coach/clients/<int:pk>/from-template/",
        coach_client.start_template,
        name="coach_start_template",
    ),
    path(
        "o/<slug:org>/coach/programs/<int:pk>/template/",
        coach_client.save_template,
        name="coach_save_template",
    ),
    path(
        "o/<slug:org>/coach/recommendations/",
        coach_client.pending_recommendations,
        name="coach_recommendations",
    ),
    path(
        "o/<slug:org>/coach/recommendations/<int:pk>/decide/",
        coach_client.coach_decide,
        name="coach_decide",
    ),
    path("o/<slug:org>/owner/escalation/", owner.escalation, name="owner_escalation"),
    path(
        "o/<slug:org>/owner/escalation/rules/<int:pk>/",
        owner.update_rule,
        name="owner_rule_update",
    ),
    path(
        "o/<slug:org>/owner/escalation/templates/new/",
        owner.save_template,
        name="owner_template_new",
    ),
    path(
        "o/<slug:org>/owner/escalation/templates/<int:pk>/",
        owner.save_template,
        name="owner_template_update",
    ),
    path("o/<slug:org>/app/check-in/", client.check_in, name="client_check_in"),
    path(
        "o/<slug:org>/app/check-in/<int:pk>/",
        client.check_in_result,
        name="client_check_in_result",
    ),
    path("o/<slug:org>/app/history/", client_sessions.history, name="client_history"),
    path(
        "o/<slug:org>/app/exercises/<int:pk>/",
        client_sessions.client_exercise,
        name="client_exercise",
    ),
    path(
        "o/<slug:org>/app/sessions/<int:pk>/", client_sessions.client_session, name="client_session"
    ),
    path("o/<slug:org>/app/plan/", client.plan, name="client_plan"),
    path("o/<slug:org>/app/plan/ask/", client.ask_coach, name="client_ask_coach"),
    path("o/<slug:org>/app/settings/", client.client_settings, name="client_settings"),
    path("o/<slug:org>/coach/", queue.coach_home, name="coach_home"),
    path("o/<slug:org>/coach/queue/<int:pk>/resolve/", queue.resolve, name="review_resolve"),
    path(
        "o/<slug:org>/coach/queue/clients/<int:pk>/resolve/",
        queue.resolve_client,
        name="review_resolve_client",
    ),
    path(
        "o/<slug:org>/coach/clients/<int:pk>/hold/release/",
        queue.release_hold,
        name="coach_hold_release",
    ),
]
