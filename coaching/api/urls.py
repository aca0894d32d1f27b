from django.urls import path

from coaching.api import intake, views

urlpatterns = [
    path("auth/register/", views.RegisterView.as_view(), name="api_register"),
    path("auth/token/", views.TokenView.as_view(), name="api_token"),
    path("auth/password/", views.PasswordChangeView.as_view(), name="api_password_change"),
    path(
        "auth/password-reset/",
        views.PasswordResetRequestView.as_view(),
        name="api_password_reset",
    ),
    path(
        "auth/password-reset/confirm/",
        views.PasswordResetConfirmView.as_view(),
        name="api_password_reset_confirm",
    ),
    path("orgs/", views.OrganizationListView.as_view(), name="api_orgs"),
    path(
        "orgs/<slug:org>/invitations/",
        views.InvitationListCreateView.as_view(),
        name="api_invitations",
    ),
    path(
        "orgs/<slug:org>/invitations/<int:pk>/",
        views.InvitationDetailView.as_view(),
        name="api_invitation_detail",
    ),
    path(
        "orgs/<slug:org>/invitations/<int:pk>/resend/",
        views.InvitationResendView.as_view(),
        name="api_invitation_resend",
    ),
    path(
        "invitations/<str:token>/accept/",
        views.AcceptInvitationView.as_view(),
        name="api_accept_invitation",
    ),
    path("orgs/<slug:org>/clients/", views.ClientListView.as_view(), name="api_clients"),
    path(
        "orgs/<slug:org>/clients/<int:pk>/",
        views.ClientDetailView.as_view(),
        name="api_client_detail",
    ),
    path("orgs/<slug:org>/me/", views.MeView.as_view(), name="api_me"),
    path(
        "orgs/<slug:org>/clients/<int:pk>/intake/",
        intake.IntakeView.as_view(),
        name="api_client_intake",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/intake/review/",
        intake.IntakeReviewView.as_view(),
        name="api_client_intake_review",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/intake/clearance/",
        intake.IntakeClearanceView.as_view(),
        name="api_client_intake_clearance",
    ),
]
