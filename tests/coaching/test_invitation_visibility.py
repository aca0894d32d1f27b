"""Who sees which invitation: the owner every one, a coach only the client invitations they made;
an invitation's token (its key) is shown once, when it is created, and never in a list."""

import pytest

from coaching.models import Role
from tests.factories import InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def invitations_url(org):
    return f"/api/v1/orgs/{org.slug}/invitations/"


@pytest.fixture
def invitations(org, owner, coach):
    other_coach = MembershipFactory(organization=org, role=Role.COACH).user
    return {
        "coach_invite": InvitationFactory(
            organization=org, invited_by=owner, role=Role.COACH, email="newcoach@north.test"
        ),
        "owners_client": InvitationFactory(
            organization=org, invited_by=owner, role=Role.CLIENT, email="byowner@north.test"
        ),
        "my_client": InvitationFactory(
            organization=org, invited_by=coach, role=Role.CLIENT, email="bycoach@north.test"
        ),
        "colleagues_client": InvitationFactory(
            organization=org, invited_by=other_coach, role=Role.CLIENT, email="byother@north.test"
        ),
    }


def test_the_owner_sees_every_open_invitation(api, org, owner, invitations):
    response = api(owner).get(invitations_url(org))

    assert {i["email"] for i in response.json()["results"]} == {
        i.email for i in invitations.values()
    }


def test_a_coach_sees_only_the_client_invitations_they_made(api, org, coach, invitations):
    response = api(coach).get(invitations_url(org))

    assert [i["email"] for i in response.json()["results"]] == ["bycoach@north.test"]


def test_no_invitation_list_carries_a_token_or_a_link(api, org, owner, coach, invitations):
    for user in (owner, coach):
        response = api(user).get(invitations_url(org))

        text = response.content.decode()
        assert all(invitation.token not in text for invitation in invitations.values())
        assert all("token" not in i and "accept_url" not in i for i in response.json()["results"])


def test_the_token_and_link_are_given_once_at_creation(api, org, owner):
    response = api(owner).post(
        invitations_url(org), {"email": "once@north.test", "role": "client"}, format="json"
    )

    body = response.json()
    assert body["token"]
    assert body["accept_url"].endswith(f"/invitations/{body['token']}/")
    assert body["token"] not in api(owner).get(invitations_url(org)).content.decode()


def test_a_coach_cannot_find_a_pending_coach_invitation_to_accept(
    api, client, org, coach, invitations
):
    client.force_login(coach)
    pages = [
        client.get(f"/o/{org.slug}/coach/clients/").content.decode(),
        api(coach).get(invitations_url(org)).content.decode(),
    ]

    token = invitations["coach_invite"].token
    assert all(token not in page and "newcoach@north.test" not in page for page in pages)


def test_the_coach_clients_page_lists_only_the_coachs_own_client_invitations(
    client, org, coach, invitations
):
    client.force_login(coach)

    page = client.get(f"/o/{org.slug}/coach/clients/").content.decode()

    assert "bycoach@north.test" in page
    assert "byowner@north.test" not in page and "byother@north.test" not in page
    assert invitations["my_client"].token not in page


def test_the_owner_team_page_lists_every_invitation_without_links(client, org, owner, invitations):
    client.force_login(owner)

    page = client.get(f"/o/{org.slug}/owner/team/").content.decode()

    assert all(invitation.email in page for invitation in invitations.values())
    assert all(invitation.token not in page for invitation in invitations.values())


def test_the_page_shows_the_new_link_once_after_creating(client, org, owner):
    client.force_login(owner)

    response = client.post(
        f"/o/{org.slug}/invitations/",
        {"email": "fresh@north.test", "role": "client"},
        HTTP_HX_REQUEST="true",
    )

    created = response.context["created"]
    assert created.token in response.content.decode()
    assert created.token not in client.get(f"/o/{org.slug}/owner/team/").content.decode()
