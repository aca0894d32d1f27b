from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from billing import urls as billing_urls
from coaching.views import intake, people
from formchecks import urls as formchecks_urls
from messaging import urls as messaging_urls
from programs import urls as programs_urls
from reporting import urls as reporting_urls
from triage import urls as triage_urls

# Each app owns its URLs; the API ones mount under /api/v1/.
APP_URLS = [
    programs_urls,
    triage_urls,
    billing_urls,
    messaging_urls,
    formchecks_urls,
    reporting_urls,
]

urlpatterns = [
    path("", people.landing, name="home"),
    path("login/", people.SpotterLoginView.as_view(), name="login"),
    path("logout/", people.logout_view, name="logout"),
    path("signup/", people.signup, name="signup"),
    path(
        "account/password/",
        login_required(people.SpotterPasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "account/password/done/",
        login_required(
            auth_views.PasswordChangeDoneView.as_view(
                template_name="coaching/password_change_done.html"
            )
        ),
        name="password_change_done",
    ),
    path("password-reset/", people.SpotterPasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="coaching/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        people.SpotterPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="coaching/password_reset_done.html"
        ),
        name="password_reset_complete",
    ),
    path("invitations/<str:token>/", people.accept_invitation, name="accept_invitation"),
    path("o/<slug:org>/", people.organization_root, name="organization_root"),
    path("o/<slug:org>/coach/clients/", people.coach_clients, name="coach_clients"),
    path("o/<slug:org>/owner/team/", people.owner_team, name="owner_team"),
    path("o/<slug:org>/invitations/", people.invite, name="invite"),
    path(
        "o/<slug:org>/invitations/<int:pk>/resend/",
        people.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "o/<slug:org>/invitations/<int:pk>/revoke/",
        people.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "o/<slug:org>/settings/notifications/",
        people.notification_settings,
        name="notification_settings",
    ),
    path("o/<slug:org>/app/intake/", intake.client_intake, name="client_intake"),
    path("o/<slug:org>/app/delete-my-data/", people.client_delete_data, name="client_delete_data"),
    path(
        "o/<slug:org>/owner/clients/<int:pk>/delete/",
        people.owner_client_delete,
        name="owner_client_delete",
    ),
    path(
        "o/<slug:org>/coach/clients/<int:pk>/intake/",
        intake.coach_intake_review,
        name="coach_intake_review",
    ),
    path(
        "o/<slug:org>/coach/clients/<int:pk>/intake/decision/",
        intake.coach_intake_decide,
        name="coach_intake_decide",
    ),
    path(
        "o/<slug:org>/coach/clients/<int:pk>/intake/clearance/",
        intake.coach_intake_clearance,
        name="coach_intake_clearance",
    ),
    path("api/v1/", include("coaching.api.urls")),
    *[path("api/v1/", include(app.api_urlpatterns)) for app in APP_URLS],
    *[path("", include(app.page_urlpatterns)) for app in APP_URLS],
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("admin/", admin.site.urls),
]

# Errors Django answers itself: JSON under /api/, HTML pages elsewhere.
handler400 = "coaching.api.errors.bad_request"
handler403 = "coaching.api.errors.permission_denied"
handler404 = "coaching.api.errors.page_not_found"
handler500 = "coaching.api.errors.server_error"
