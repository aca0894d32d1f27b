from coaching.models import Intake
from tests.factories import InvitationFactory
from tests.isolation.framework import (
    API_CLIENT_ONLY,
    API_STAFF_ONLY,
    PAGE_CLIENT_ONLY,
    PAGE_OWNER_ONLY,
    PAGE_STAFF_ONLY,
    Rule,
    expect,
)

NO_ORG = {}


def _invitation(world):

    # A client invitation the coach made: the owner and that coach may manage it.
    world.extras["invitation"] = InvitationFactory(organization=world.org, invited_by=world.coach)
    world.extras["other_invitation"] = InvitationFactory(organization=world.other_org)


def _invitation_kwargs(w):
    return {"org": w.org.slug, "pk": w.extras["invitation"].pk}


def _foreign_invitation(w):
    return {"org": w.org.slug, "pk": w.extras["other_invitation"].pk}


RULES = {
    # Public or user-level (not inside an organization).
    "home": Rule(expect(302, 302, 302, 302, 200), kwargs=lambda w: NO_ORG),
    "login": Rule(expect(302, 302, 302, 302, 200), kwargs=lambda w: NO_ORG),
    "logout": Rule(expect(200, 200, 200, 200, 200), kwargs=lambda w: NO_ORG),
    "signup": Rule(expect(200, 200, 200, 200, 200), kwargs=lambda w: NO_ORG),
    "accept_invitation": Rule(
        expect(200, 200, 200, 200, 200),
        kwargs=lambda w: {"token": w.extras["invitation"].token},
        setup=_invitation,
    ),
    "api_register": Rule(expect(400, 400, 400, 400, 400), method="post", kwargs=lambda w: NO_ORG),
    "api_token": Rule(expect(400, 400, 400, 400, 400), method="post", kwargs=lambda w: NO_ORG),
    "api_orgs": Rule(expect(200, 200, 200, 200, 401), kwargs=lambda w: NO_ORG),
    # Passwords: one's own only; the reset endpoints need the emailed token, not a session.
    "api_password_change": Rule(
        expect(400, 400, 400, 400, 401), method="post", kwargs=lambda w: NO_ORG
    ),
    "api_password_reset": Rule(
        expect(400, 400, 400, 400, 400), method="post", kwargs=lambda w: NO_ORG
    ),
    "api_password_reset_confirm": Rule(
        expect(400, 400, 400, 400, 400), method="post", kwargs=lambda w: NO_ORG
    ),
    "password_change": Rule(expect(200, 200, 200, 200, 302), kwargs=lambda w: NO_ORG),
    "password_change_done": Rule(expect(200, 200, 200, 200, 302), kwargs=lambda w: NO_ORG),
    "password_reset": Rule(expect(200, 200, 200, 200, 200), kwargs=lambda w: NO_ORG),
    "password_reset_done": Rule(expect(200, 200, 200, 200, 200), kwargs=lambda w: NO_ORG),
    "password_reset_complete": Rule(expect(200, 200, 200, 200, 200), kwargs=lambda w: NO_ORG),
    "password_reset_confirm": Rule(
        expect(200, 200, 200, 200, 200),
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"},
    ),
    "api_accept_invitation": Rule(
        expect(400, 400, 400, 400, 400),
        method="post",
        kwargs=lambda w: {"token": w.extras["invitation"].token},
        setup=_invitation,
    ),
    "api_schema": Rule(expect(200, 200, 200, 200, 200), kwargs=lambda w: NO_ORG),
    "api_docs": Rule(expect(200, 200, 200, 200, 200), kwargs=lambda w: NO_ORG),
    # Organization pages.
    "organization_root": Rule(expect(302, 302, 302, 404, 302)),
    "coach_clients": Rule(PAGE_STAFF_ONLY),
    "owner_team": Rule(PAGE_OWNER_ONLY),
    "invite": Rule(expect(400, 400, 403, 404, 302), method="post", format="multipart"),
    "invitation_resend": Rule(
        expect(302, 302, 403, 404, 302),
        method="post",
        format="multipart",
        setup=_invitation,
        kwargs=_invitation_kwargs,
        foreign=_foreign_invitation,
    ),
    "invitation_revoke": Rule(
        expect(302, 302, 403, 404, 302),
        method="post",
        format="multipart",
        setup=_invitation,
        kwargs=_invitation_kwargs,
        foreign=_foreign_invitation,
    ),
    "notification_settings": Rule(expect(200, 200, 200, 404, 302)),
    # Organization API.
    "api_invitations": Rule(API_STAFF_ONLY),
    "api_invitation_detail": Rule(
        API_STAFF_ONLY,
        setup=_invitation,
        kwargs=_invitation_kwargs,
        foreign=_foreign_invitation,
    ),
    "api_invitation_resend": Rule(
        expect(200, 200, 403, 404, 401),
        method="post",
        setup=_invitation,
        kwargs=_invitation_kwargs,
        foreign=_foreign_invitation,
    ),
    "api_clients": Rule(API_STAFF_ONLY),
    "api_client_detail": Rule(
        expect(200, 200, 200, 404, 401),
        kwargs=lambda w: {"org": w.org.slug, "pk": w.client_record.pk},
        foreign=lambda w: {"org": w.org.slug, "pk": w.other_client.pk},
    ),
    "api_me": Rule(API_CLIENT_ONLY),
}


def _submitted_intake(world):

    for client in (world.client_record, world.other_client):
        Intake.unscoped.create(
            organization=client.organization,
            client=client,
            version=1,
            status="submitted",
            goals=["strength"],
            training_age_years=1,
            sessions_per_week=3,
            session_minutes=60,
            stress_level=2,
            sleep_hours=7,
            risk="low",
            experience="intermediate",
            autonomy="medium",
        )


def _client_pk(w):
    return {"org": w.org.slug, "pk": w.client_record.pk}


def _foreign_pk(w):
    return {"org": w.org.slug, "pk": w.other_client.pk}


RULES.update(
    {
        "api_client_intake": Rule(
            expect(200, 200, 200, 404, 401),
            setup=_submitted_intake,
            kwargs=_client_pk,
            foreign=_foreign_pk,
        ),
        "api_client_intake_review": Rule(
            expect(400, 400, 403, 404, 401),
            method="post",
            setup=_submitted_intake,
            kwargs=_client_pk,
            foreign=_foreign_pk,
        ),
        "client_intake": Rule(PAGE_CLIENT_ONLY),
        "client_delete_data": Rule(PAGE_CLIENT_ONLY),
        "owner_client_delete": Rule(PAGE_OWNER_ONLY, kwargs=_client_pk, foreign=_foreign_pk),
        "coach_intake_review": Rule(
            PAGE_STAFF_ONLY, setup=_submitted_intake, kwargs=_client_pk, foreign=_foreign_pk
        ),
        "coach_intake_decide": Rule(
            expect(400, 400, 403, 404, 302),
            method="post",
            format="multipart",
            setup=_submitted_intake,
            kwargs=_client_pk,
            foreign=_foreign_pk,
        ),
        # An empty body: staff get the field errors, a client may not act, outsiders see 404.
        "api_client_intake_clearance": Rule(
            expect(400, 400, 403, 404, 401),
            method="post",
            setup=_submitted_intake,
            kwargs=_client_pk,
            foreign=_foreign_pk,
        ),
        "coach_intake_clearance": Rule(
            expect(400, 400, 403, 404, 302),
            method="post",
            format="multipart",
            setup=_submitted_intake,
            kwargs=_client_pk,
            foreign=_foreign_pk,
        ),
    }
)
