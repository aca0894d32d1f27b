"""Invitations are emailed (with a SITE_URL link), can be sent again and revoked, on the page
and the API."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client as Browser
from django.utils import timezone

from coaching.models import Invitation, Role
from tests.factories import PASSWORD, InvitationFactory

pytestmark = pytest.mark.django_db


def invitations_url(org, suffix=""):
    return f"/api/v1/orgs/{org.slug}/invitations/{suffix}"


def browser(user) -> Browser:
    page = Browser()
    page.force_login(user)
    return page


def test_an_invitation_made_on_the_api_is_emailed_with_its_link(
    api, org, owner, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8765"
    with django_capture_on_commit_callbacks(execute=True):
        body = (
            api(owner)
            .post(
                invitations_url(org), {"email": "new@client.test", "role": "client"}, format="json"
            )
            .json()
        )

    (email,) = mail.outbox
    assert email.to == ["new@client.test"]
    assert email.subject == "Northside Strength invites you to Spotter"
    assert f"http://127.0.0.1:8765/invitations/{body['token']}/" in email.body
    assert body["sent_at"] is not None


def test_an_invitation_made_on_the_page_is_emailed_and_the_page_says_so(
    org, coach, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = browser(coach).post(
            "/o/northside/invitations/",
            {"email": "pat@client.test", "role": "client"},
            HTTP_HX_REQUEST="true",
        )

    assert "Invitation emailed to" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["pat@client.test"]]


def test_an_invitation_that_fails_validation_emails_nobody(
    api, org, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(owner).post(invitations_url(org), {"email": "nope", "role": "client"})

    assert response.status_code == 400
    assert not mail.outbox


def test_resending_emails_it_again_valid_for_a_full_term(
    api, org, owner, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(
        organization=org, email="late@client.test", expires_at=timezone.now() - timedelta(days=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = api(owner).post(invitations_url(org, f"{invitation.pk}/resend/"))

    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.is_open
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    assert [m.to for m in mail.outbox] == [["late@client.test"]]


def test_revoking_stops_the_link_and_hides_the_invitation(api, anonymous, org, owner):
    invitation = InvitationFactory(organization=org, email="gone@client.test")

    response = api(owner).delete(invitations_url(org, f"{invitation.pk}/"))
    accepted = anonymous.post(
        f"/api/v1/invitations/{invitation.token}/accept/", {"password": PASSWORD}, format="json"
    )
    page = Browser().get(f"/invitations/{invitation.token}/")
    listed = api(owner).get(invitations_url(org)).json()["results"]

    assert response.status_code == 204
    assert accepted.status_code == 400
    assert "withdrawn" in accepted.json()["token"][0]
    assert "withdrew it" in page.content.decode()
    assert listed == []


def test_revoking_twice_is_harmless(api, org, owner):
    invitation = InvitationFactory(organization=org)

    api(owner).delete(invitations_url(org, f"{invitation.pk}/"))
    again = api(owner).delete(invitations_url(org, f"{invitation.pk}/"))

    assert again.status_code == 204


def test_a_revoked_invitation_cannot_be_resent(api, org, owner, django_capture_on_commit_callbacks):
    invitation = InvitationFactory(organization=org)
    api(owner).delete(invitations_url(org, f"{invitation.pk}/"))

    with django_capture_on_commit_callbacks(execute=True):
        response = api(owner).post(invitations_url(org, f"{invitation.pk}/resend/"))

    assert response.status_code == 409
    assert not mail.outbox


def test_an_accepted_invitation_is_not_found_for_resend_or_revoke(api, org, owner, coach):
    invitation = InvitationFactory(organization=org, accepted_at=timezone.now())

    assert api(owner).post(invitations_url(org, f"{invitation.pk}/resend/")).status_code == 404
    assert api(owner).delete(invitations_url(org, f"{invitation.pk}/")).status_code == 404


def test_a_coach_manages_their_client_invitations_but_not_coach_invitations(api, org, coach):
    for_a_coach = InvitationFactory(organization=org, role=Role.COACH)
    for_a_client = InvitationFactory(organization=org, role=Role.CLIENT, invited_by=coach)

    assert api(coach).delete(invitations_url(org, f"{for_a_coach.pk}/")).status_code == 403
    assert api(coach).delete(invitations_url(org, f"{for_a_client.pk}/")).status_code == 204
    assert Invitation.unscoped.get(pk=for_a_coach.pk).revoked_at is None


def test_a_coach_cannot_revoke_a_client_invitation_another_coach_made(api, org, coach):
    someone_elses = InvitationFactory(organization=org, role=Role.CLIENT)

    assert api(coach).delete(invitations_url(org, f"{someone_elses.pk}/")).status_code == 403
    assert Invitation.unscoped.get(pk=someone_elses.pk).revoked_at is None


def test_the_team_page_resends_and_revokes_with_htmx(
    org, owner, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(organization=org, email="kim@client.test")
    page = browser(owner)

    with django_capture_on_commit_callbacks(execute=True):
        resent = page.post(
            f"/o/northside/invitations/{invitation.pk}/resend/", HTTP_HX_REQUEST="true"
        )
    revoked = page.post(f"/o/northside/invitations/{invitation.pk}/revoke/", HTTP_HX_REQUEST="true")

    assert "Invitation emailed again to kim@client.test" in resent.content.decode()
    assert [m.to for m in mail.outbox] == [["kim@client.test"]]
    html = revoked.content.decode()
    assert "Invitation for kim@client.test revoked." in html
    assert f"/invitations/{invitation.pk}/resend/" not in html


def test_the_team_page_shows_resend_and_revoke_for_each_open_invitation(org, owner):
    invitation = InvitationFactory(organization=org, email="lee@client.test")

    html = browser(owner).get("/o/northside/owner/team/").content.decode()

    assert f"/o/northside/invitations/{invitation.pk}/resend/" in html
    assert f"/o/northside/invitations/{invitation.pk}/revoke/" in html
