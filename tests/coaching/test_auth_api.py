import pytest

from coaching.models import Membership, Organization, Role

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"
TOKEN = "/api/v1/auth/token/"


def register(anonymous, **overrides):
    body = {
        "email": "Founder@Gym.test",
        "password": "lift-heavy-2026",
        "organization_name": "Iron Gym",
    }
    body.update(overrides)
    return anonymous.post(REGISTER, body, format="json")


def test_register_creates_user_organization_owner_membership_and_token(anonymous):
    response = register(anonymous)

    assert response.status_code == 201
    body = response.json()
    assert body["user"]["email"] == "founder@gym.test"
    assert body["organization"] == {"slug": "iron-gym", "name": "Iron Gym"}
    assert body["token"]
    membership = Membership.unscoped.get(user_id=body["user"]["id"])
    assert membership.role == Role.OWNER
    assert membership.organization.slug == "iron-gym"


def test_register_gives_a_second_business_of_the_same_name_its_own_slug(anonymous):
    register(anonymous)
    response = register(anonymous, email="other@gym.test")

    assert response.json()["organization"]["slug"] == "iron-gym-2"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-email"),
        ("email", ""),
        ("password", "123"),
        ("password", "password"),
        ("organization_name", ""),
        ("organization_name", "   "),
        ("time_zone", "Mars/Olympus"),
    ],
)
def test_register_rejects_bad_values_naming_the_field(anonymous, field, value):
    response = register(anonymous, **{field: value})

    assert response.status_code == 400
    assert field in response.json()
    assert not Organization.objects.exists()


@pytest.mark.parametrize("missing", ["email", "password", "organization_name"])
def test_register_rejects_a_missing_field_naming_it(anonymous, missing):
    body = {"email": "a@b.test", "password": "lift-heavy-2026", "organization_name": "X"}
    del body[missing]

    response = anonymous.post(REGISTER, body, format="json")

    assert response.status_code == 400
    assert missing in response.json()


def test_register_rejects_an_email_already_registered_in_any_case(anonymous):
    register(anonymous)

    response = register(anonymous, email="FOUNDER@gym.test", organization_name="Another")

    assert response.status_code == 400
    assert "email" in response.json()
    assert Organization.objects.count() == 1


def test_token_login_returns_the_users_token(anonymous):
    created = register(anonymous).json()

    response = anonymous.post(
        TOKEN, {"email": "founder@gym.test", "password": "lift-heavy-2026"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"token": created["token"]}


def test_token_login_rejects_a_wrong_password(anonymous):
    register(anonymous)

    response = anonymous.post(
        TOKEN, {"email": "founder@gym.test", "password": "nope"}, format="json"
    )

    assert response.status_code == 400
    assert "password" in response.json()


def test_the_new_token_authenticates_api_calls(anonymous):
    token = register(anonymous).json()["token"]
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = anonymous.get("/api/v1/orgs/")

    assert response.status_code == 200
    assert response.json()["results"] == [{"slug": "iron-gym", "name": "Iron Gym", "role": "owner"}]


def test_organization_list_needs_credentials(anonymous):
    assert anonymous.get("/api/v1/orgs/").status_code == 401


def test_organization_list_shows_every_organization_of_the_user_with_its_role(
    api, org, other_org, coach
):
    Membership.unscoped.create(organization=other_org, user=coach, role=Role.CLIENT)

    response = api(coach).get("/api/v1/orgs/")

    assert response.json()["count"] == 2
    assert {(o["slug"], o["role"]) for o in response.json()["results"]} == {
        ("northside", "coach"),
        ("elsewhere", "client"),
    }


def test_organization_list_does_not_show_organizations_the_user_is_not_in(
    api, org, other_org, owner
):
    response = api(owner).get("/api/v1/orgs/")

    assert [o["slug"] for o in response.json()["results"]] == ["northside"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/orgs/northside/clients/{pk}/intake/",
        "/api/v1/orgs/northside/clients/{pk}/programs/draft/",
        "/api/v1/orgs/northside/review-queue/1/resolve/",
        "/api/v1/orgs/northside/clients/{pk}/subscription/checkout/",
    ],
)
def test_options_on_action_endpoints_answers_without_a_server_error(
    api, org, coach, client_record, url
):
    response = api(coach).options(url.format(pk=client_record.pk))

    assert response.status_code < 500
