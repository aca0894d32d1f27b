import pytest

from coaching.models import Invitation, Membership, Organization, Role
from tests.factories import PASSWORD, ClientFactory, InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_login_page_logs_a_coach_in_and_sends_them_to_their_queue(client, org, coach):
    response = client.post("/login/", {"username": "COACH@north.test", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get(response.url).url == "/o/northside/coach/"


def test_login_page_says_what_is_wrong_with_a_bad_password(client, coach):
    response = client.post("/login/", {"username": coach.email, "password": "wrong"})

    assert response.status_code == 200
    assert b"correct email and password" in response.content


def test_a_client_lands_on_the_client_home(client, client_user):
    client.force_login(client_user)

    assert client.get("/").url == "/o/northside/app/"


def test_an_owner_lands_on_the_business_home(client, owner):
    client.force_login(owner)

    assert client.get("/").url == "/o/northside/owner/"


def test_a_person_in_two_organizations_chooses_where_to_go(client, org, other_org, coach):
    MembershipFactory(organization=other_org, user=coach, role=Role.CLIENT)
    client.force_login(coach)

    response = client.get("/")

    assert response.status_code == 200
    assert b"Northside Strength" in response.content and b"Elsewhere Fitness" in response.content


def test_the_organization_switcher_lists_every_organization_of_the_user(
    client, org, other_org, coach
):
    MembershipFactory(organization=other_org, user=coach, role=Role.CLIENT)
    client.force_login(coach)

    response = client.get("/o/northside/coach/clients/")

    assert b'aria-label="Switch organization"' in response.content
    assert b"/o/elsewhere/" in response.content


def test_signup_creates_the_business_and_logs_the_owner_in(client, db):
    response = client.post(
        "/signup/",
        {
            "name": "Dana",
            "email": "dana@gym.test",
            "password": "deadlift-225-kg",
            "organization_name": "Dana's Barbell Club",
            "time_zone": "Europe/Berlin",
        },
    )

    organization = Organization.objects.get()
    assert response.url == f"/o/{organization.slug}/owner/"
    assert organization.time_zone == "Europe/Berlin"
    assert client.get(response.url).status_code == 200


def test_signup_shows_the_error_beside_the_field_and_creates_nothing(client, db):
    response = client.post(
        "/signup/",
        {"email": "dana@gym.test", "password": "123", "organization_name": "X", "time_zone": "UTC"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not Organization.objects.exists()


def test_accepting_an_invitation_in_the_browser_logs_the_new_coach_in(client, org):
    invitation = InvitationFactory(organization=org, role=Role.COACH, email="new@coach.test")

    response = client.post(
        f"/invitations/{invitation.token}/", {"name": "New Coach", "password": PASSWORD}
    )

    assert response.url == "/o/northside/coach/"
    assert Membership.unscoped.get(user__email="new@coach.test").role == Role.COACH


def test_a_used_invitation_page_says_so(client, org):
    invitation = InvitationFactory(organization=org)
    client.post(f"/invitations/{invitation.token}/", {"password": PASSWORD})
    client.logout()

    response = client.get(f"/invitations/{invitation.token}/")

    assert b"can no longer be used" in response.content


def test_an_owner_invites_a_client_from_the_business_page_with_htmx(client, org, owner, coach):
    client.force_login(owner)

    response = client.post(
        "/o/northside/invitations/",
        {"email": "newclient@x.test", "role": "client", "coach": coach.pk},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert b"newclient@x.test" in response.content
    assert Invitation.unscoped.get(email="newclient@x.test").coach == coach


def test_the_invite_form_names_a_bad_email(client, org, owner):
    client.force_login(owner)

    response = client.post(
        "/o/northside/invitations/", {"email": "bad", "role": "client"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content


def test_the_clients_page_lists_my_clients_by_default_and_the_team_on_request(
    client, org, coach, client_record
):

    ClientFactory(organization=org, coach=None, user__name="Unassigned Person")
    client.force_login(coach)

    mine = client.get("/o/northside/coach/clients/")
    everyone = client.get("/o/northside/coach/clients/?clients=all")

    assert [c.pk for c in mine.context["clients"]] == [client_record.pk]
    assert len(everyone.context["clients"]) == 2


def test_the_clients_page_shows_fifty_clients_a_page_with_a_link_to_the_next(client, org, coach):

    ClientFactory.create_batch(51, organization=org, coach=coach)
    client.force_login(coach)

    first = client.get("/o/northside/coach/clients/?clients=all")
    second = client.get("/o/northside/coach/clients/?clients=all&page=2")

    assert len(first.context["clients"]) == 50
    assert b'href="?page=2&amp;clients=all"' in first.content
    assert len(second.context["clients"]) == 1
    assert {c.pk for c in first.context["clients"]}.isdisjoint(
        c.pk for c in second.context["clients"]
    )


def test_the_clients_page_runs_the_same_number_of_queries_for_many_clients(
    client, org, coach, django_assert_max_num_queries
):

    client.force_login(coach)
    ClientFactory.create_batch(3, organization=org, coach=coach)
    with django_assert_max_num_queries(25) as few:  # Postgres adds the scope's set_config calls
        client.get("/o/northside/coach/clients/")
    ClientFactory.create_batch(30, organization=org, coach=coach)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/o/northside/coach/clients/")


def test_logout_needs_a_post_and_then_logs_out(client, coach):
    client.force_login(coach)

    assert client.get("/logout/").status_code == 200
    client.post("/logout/")

    assert client.get("/o/northside/coach/clients/").status_code == 302
