"""Bad input to sign-up and invitations is a 400 naming the field, the same on SQLite and Postgres."""

import pytest

from coaching.models import Invitation, Membership, Organization, Role
from tests.factories import PASSWORD, InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LONG_EMAIL = "a" * 245 + "@example.test"  # 258 characters: over the 254 an address may have


def test_a_257_character_email_is_refused_at_registration(anonymous):
    response = anonymous.post(
        "/api/v1/auth/register/",
        {"email": LONG_EMAIL, "password": "lift-heavy-2026", "organization_name": "Long"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["email"]
    assert not Organization.objects.exists()


def test_a_257_character_email_is_refused_on_the_signup_page(client, db):
    response = client.post(
        "/signup/",
        {
            "email": LONG_EMAIL,
            "password": "lift-heavy-2026",
            "organization_name": "Long",
            "time_zone": "UTC",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"email"}
    assert not Organization.objects.exists()


def test_a_257_character_email_is_refused_on_invitation(api, org, owner):
    response = api(owner).post(
        f"/api/v1/orgs/{org.slug}/invitations/",
        {"email": LONG_EMAIL, "role": "client"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["email"]
    assert not Invitation.unscoped.exists()


def test_a_257_character_email_is_refused_on_the_invitation_page(client, org, owner):
    client.force_login(owner)

    response = client.post(f"/o/{org.slug}/invitations/", {"email": LONG_EMAIL, "role": "client"})

    assert response.status_code == 400
    assert not Invitation.unscoped.exists()


def test_accepting_a_second_invitation_once_already_in_the_organization_is_400(anonymous, org):
    first = InvitationFactory(organization=org, email="twice@north.test", role=Role.CLIENT)
    second = InvitationFactory(organization=org, email="twice@north.test", role=Role.COACH)
    created = anonymous.post(
        f"/api/v1/invitations/{first.token}/accept/", {"password": PASSWORD}, format="json"
    )
    assert created.status_code == 201

    response = anonymous.post(
        f"/api/v1/invitations/{second.token}/accept/", {"password": PASSWORD}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["token"]
    assert Membership.unscoped.filter(organization=org, user__email="twice@north.test").count() == 1


def test_the_invitation_page_says_so_when_the_person_is_already_in(client, org):
    member = MembershipFactory(organization=org, role=Role.CLIENT, user__email="in@north.test")
    invitation = InvitationFactory(organization=org, email="in@north.test", role=Role.COACH)

    response = client.post(f"/invitations/{invitation.token}/", {"password": PASSWORD})

    assert response.status_code == 400
    assert b"already" in response.content
    assert Membership.unscoped.filter(organization=org, user=member.user).count() == 1
