import pytest

from billing.models import Tier
from tests.factories import TierFactory

pytestmark = pytest.mark.django_db


def url(org):
    return f"/api/v1/orgs/{org.slug}/tiers/"


def test_an_owner_creates_a_tier_and_the_preset_fills_what_was_not_given(api, org, owner):
    response = api(owner).post(
        url(org),
        {
            "name": "Premium",
            "service_model": "human_in_loop_premium",
            "monthly_price": 199,
            "currency": "EUR",
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["currency"] == "eur"
    assert body["monthly_price"] == 199.0
    assert body["review_policy"]["auto_apply"] == {"green": [], "yellow": []}
    assert body["response_hours"]["yellow"] == 12
    assert body["risk_surcharge"] == {"moderate": 20.0, "high": 40.0}
    assert body["active"] is True
    assert isinstance(body["id"], int)


def test_given_settings_replace_the_presets(api, org, owner):
    response = api(owner).post(
        url(org),
        {
            "name": "Lean",
            "service_model": "ai_self_guided",
            "monthly_price": "19.50",
            "review_policy": {
                "auto_apply": {"green": ["deload"], "yellow": []},
                "review_cadence": "monthly",
            },
            "response_hours": {"yellow": 8, "routine": 96},
            "features": {"messaging": True, "form_feedback": False, "live_calls_per_month": 1},
            "risk_surcharge": {"moderate": 5, "high": 12.5},
        },
        format="json",
    )

    tier = Tier.unscoped.get(pk=response.json()["id"])
    assert tier.review_policy["auto_apply"]["green"] == ["deload"]
    assert tier.response_hours == {"yellow": 8, "routine": 96}
    assert (tier.surcharge_moderate, tier.surcharge_high) == (5, 12.5)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"monthly_price": -1}, "monthly_price"),
        ({"monthly_price": "free"}, "monthly_price"),
        ({"currency": "dollars"}, "currency"),
        ({"service_model": "robot_only"}, "service_model"),
        ({"name": ""}, "name"),
        ({"review_policy": {"auto_apply": {"red": ["deload"]}}}, "review_policy"),
        ({"review_policy": {"auto_apply": {"green": ["new_program"]}}}, "review_policy"),
        ({"response_hours": {"yellow": -4, "routine": 24}}, "response_hours"),
        ({"features": {"live_calls_per_month": "many"}}, "features"),
        ({"risk_surcharge": {"moderate": -5, "high": 0}}, "risk_surcharge"),
    ],
)
def test_a_bad_value_is_400_naming_the_field_and_nothing_is_saved(api, org, owner, change, field):
    body = {"name": "X", "service_model": "concierge", "monthly_price": 10, **change}

    response = api(owner).post(url(org), body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Tier.unscoped.exists()


def test_two_tiers_of_one_organization_cannot_share_a_name(api, org, owner, tier):
    response = api(owner).post(
        url(org),
        {"name": "hybrid", "service_model": "concierge", "monthly_price": 1},
        format="json",
    )

    assert response.status_code == 400
    assert "name" in response.json()


def test_another_organization_may_use_the_same_tier_name(api, org, other_org, outsider, tier):
    response = api(outsider).post(
        url(other_org),
        {"name": "Hybrid", "service_model": "concierge", "monthly_price": 1},
        format="json",
    )

    assert response.status_code == 201


def test_a_coach_reads_tiers_but_may_not_create_one(api, org, coach, tier):
    assert api(coach).get(url(org)).json()["count"] == 1
    response = api(coach).post(
        url(org), {"name": "X", "service_model": "concierge", "monthly_price": 1}, format="json"
    )
    assert response.status_code == 403


def test_a_client_sees_only_tiers_on_offer(api, org, client_user, tier):
    TierFactory(organization=org, name="Retired", active=False)

    names = [t["name"] for t in api(client_user).get(url(org)).json()["results"]]

    assert names == ["Hybrid"]


def test_an_owner_changes_a_tiers_price(api, org, owner, tier):
    response = api(owner).patch(f"{url(org)}{tier.id}/", {"monthly_price": 89}, format="json")

    assert response.status_code == 200
    tier.refresh_from_db()
    assert tier.monthly_price == 89


def test_the_tier_list_runs_a_constant_number_of_queries(
    api, org, owner, django_assert_max_num_queries
):
    caller = api(owner)
    TierFactory.create_batch(2, organization=org)
    with django_assert_max_num_queries(20) as few:
        caller.get(url(org))
    TierFactory.create_batch(20, organization=org)
    with django_assert_max_num_queries(len(few.captured_queries)):
        caller.get(url(org))


def test_a_one_megabyte_tier_description_is_400_naming_it(api, org, owner):
    response = api(owner).post(
        f"/api/v1/orgs/{org.slug}/tiers/",
        {
            "name": "Wordy",
            "service_model": "concierge",
            "monthly_price": 79,
            "description": "x" * (1024 * 1024),
        },
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["description"]
