from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.models import Client, Invitation, Membership, Role
from tests.factories import PASSWORD, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def invitations_url(org):
    return f"/api/v1/orgs/{org.slug}/invitations/"


def accept_url(token):
    return f"/api/v1/invitations/{token}/accept/"


def test_an_owner_invites_a_coach(api, org, owner):
    response = api(owner).post(
        invitations_url(org), {"email": "New.Coach@north.test", "role": "coach"}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) >= {"id", "token", "accept_url"}
    assert body["accept_url"].endswith(f"/invitations/{body['token']}/")
    invitation = Invitation.unscoped.get(pk=body["id"])
    assert (invitation.email, invitation.role, invitation.organization) == (
        "new.coach@north.test",
        "coach",
        org,
    )


def test_an_owner_invites_a_client_with_a_coach(api, org, owner, coach):
    response = api(owner).post(
        invitations_url(org),
        {"email": "c@north.test", "role": "client", "coach": coach.id},
        format="json",
    )

    assert response.status_code == 201
    assert Invitation.unscoped.get(pk=response.json()["id"]).coach == coach


def test_a_coach_invites_a_client_who_is_then_coached_by_them(api, org, coach):
    response = api(coach).post(
        invitations_url(org), {"email": "c@north.test", "role": "client"}, format="json"
    )

    assert response.status_code == 201
    assert Invitation.unscoped.get(pk=response.json()["id"]).coach == coach


def test_a_coach_may_not_invite_a_coach(api, org, coach):
    response = api(coach).post(
        invitations_url(org), {"email": "c@north.test", "role": "coach"}, format="json"
    )

    assert response.status_code == 403
    assert not Invitation.unscoped.exists()


def test_a_client_may_not_invite_anyone(api, org, client_user):
    response = api(client_user).post(
        invitations_url(org), {"email": "c@north.test", "role": "client"}, format="json"
    )

    assert response.status_code == 403


def test_an_outsider_gets_404_when_inviting(api, org, outsider):
    response = api(outsider).post(
        invitations_url(org), {"email": "c@north.test", "role": "client"}, format="json"
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "nope", "role": "client"}, "email"),
        ({"role": "client"}, "email"),
        ({"email": "a@b.test", "role": "owner"}, "role"),
        ({"email": "a@b.test", "role": "wizard"}, "role"),
        ({"email": "a@b.test"}, "role"),
        ({"email": "a@b.test", "role": "client", "coach": 999999}, "coach"),
        ({"email": "a@b.test", "role": "client", "coach": "x"}, "coach"),
        ({"email": "a@b.test", "role": "client", "tier": -1}, "tier"),
    ],
)
def test_invitation_rejects_bad_values_naming_the_field(api, org, owner, body, field):
    response = api(owner).post(invitations_url(org), body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Invitation.unscoped.exists()


def test_invitation_rejects_a_coach_from_another_organization(api, org, owner, outsider):
    response = api(owner).post(
        invitations_url(org),
        {"email": "a@b.test", "role": "client", "coach": outsider.id},
        format="json",
    )

    assert response.status_code == 400
    assert "coach" in response.json()


def test_invitation_rejects_someone_already_in_the_organization(api, org, owner, coach):
    response = api(owner).post(
        invitations_url(org), {"email": "COACH@north.test", "role": "client"}, format="json"
    )

    assert response.status_code == 400
    assert "email" in response.json()


def test_invitation_list_shows_open_invitations_of_this_organization_only(
    api, org, other_org, owner
):
    InvitationFactory(organization=org, email="mine@x.test")
    InvitationFactory(organization=other_org, email="theirs@x.test")

    response = api(owner).get(invitations_url(org))

    assert [i["email"] for i in response.json()["results"]] == ["mine@x.test"]


def test_accepting_creates_the_account_membership_and_client_record(anonymous, org, coach):
    invitation = InvitationFactory(organization=org, email="new@client.test", coach=coach)

    response = anonymous.post(accept_url(invitation.token), {"password": PASSWORD}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["user"]["email"] == "new@client.test"
    assert body["organization"]["slug"] == "northside"
    assert body["role"] == "client"
    assert body["token"]
    client = Client.unscoped.get(pk=body["client"]["id"])
    assert (client.user_id, client.coach, client.organization) == (body["user"]["id"], coach, org)


def test_accepting_a_coach_invitation_makes_a_coach_without_a_client_record(anonymous, org):
    invitation = InvitationFactory(organization=org, role=Role.COACH)

    body = anonymous.post(
        accept_url(invitation.token), {"password": PASSWORD}, format="json"
    ).json()

    assert body["role"] == "coach"
    assert "client" not in body
    assert not Client.unscoped.exists()


def test_an_existing_user_accepts_with_their_own_password_and_joins_a_second_organization(
    anonymous, org, outsider
):
    invitation = InvitationFactory(organization=org, email=outsider.email, role=Role.COACH)

    response = anonymous.post(accept_url(invitation.token), {"password": PASSWORD}, format="json")

    assert response.status_code == 201
    assert response.json()["user"]["id"] == outsider.id
    assert Membership.unscoped.filter(user=outsider).count() == 2


def test_an_existing_user_with_the_wrong_password_is_refused(anonymous, org, outsider):
    invitation = InvitationFactory(organization=org, email=outsider.email)

    response = anonymous.post(
        accept_url(invitation.token), {"password": "wrong-one-99"}, format="json"
    )

    assert response.status_code == 400
    assert "password" in response.json()
    assert Membership.unscoped.filter(user=outsider).count() == 1


def test_accepting_with_a_weak_password_is_refused_and_creates_nothing(anonymous, org):
    invitation = InvitationFactory(organization=org, email="weak@x.test")

    response = anonymous.post(accept_url(invitation.token), {"password": "1234"}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()
    assert not UserFactory._meta.model.objects.filter(email="weak@x.test").exists()


def test_an_invitation_can_be_accepted_only_once(anonymous, org):
    invitation = InvitationFactory(organization=org)
    anonymous.post(accept_url(invitation.token), {"password": PASSWORD}, format="json")

    response = anonymous.post(accept_url(invitation.token), {"password": PASSWORD}, format="json")

    assert response.status_code == 400
    assert "token" in response.json()
    assert Membership.unscoped.filter(organization=org, role="client").count() == 1


def test_an_expired_invitation_is_refused(anonymous, org):
    invitation = InvitationFactory(
        organization=org, expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = anonymous.post(accept_url(invitation.token), {"password": PASSWORD}, format="json")

    assert response.status_code == 400
    assert "token" in response.json()


def test_an_unknown_token_is_404(anonymous, db):
    response = anonymous.post(accept_url("no-such-token"), {"password": PASSWORD}, format="json")

    assert response.status_code == 404
