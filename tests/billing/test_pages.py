import pytest

from billing.models import ManualPayment, Subscription, Tier

pytestmark = pytest.mark.django_db


def tier_form(**overrides):
    data = {
        "name": "Hybrid Plus",
        "service_model": "assisted_hybrid",
        "description": "",
        "monthly_price": "89.00",
        "currency": "usd",
        "auto_green": ["progression", "deload"],
        "auto_yellow": [],
        "review_cadence": "weekly",
        "yellow_hours": "24",
        "routine_hours": "48",
        "messaging": "on",
        "live_calls_per_month": "1",
        "surcharge_moderate": "10",
        "surcharge_high": "20",
        "active": "on",
    }
    data.update(overrides)
    return data


def test_the_new_tier_form_starts_from_the_chosen_preset(client, org, owner):
    client.force_login(owner)

    response = client.get("/o/northside/owner/tiers/new/?preset=concierge")

    assert response.context["form"].initial["yellow_hours"] == 4
    assert response.context["form"].initial["auto_green"] == []


def test_an_owner_saves_a_tier_from_the_editor(client, org, owner):
    client.force_login(owner)

    response = client.post("/o/northside/owner/tiers/new/", tier_form())

    assert response.status_code == 302
    tier = Tier.unscoped.get(name="Hybrid Plus")
    assert tier.review_policy["auto_apply"]["green"] == ["progression", "deload"]
    assert tier.response_hours == {"yellow": 24.0, "routine": 48.0}
    assert tier.features["live_calls_per_month"] == 1


def test_the_editor_shows_the_error_beside_the_field_and_saves_nothing(client, org, owner):
    client.force_login(owner)

    response = client.post(
        "/o/northside/owner/tiers/new/", tier_form(monthly_price="-5", currency="xx")
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"monthly_price", "currency"}
    assert not Tier.unscoped.exists()


def test_the_editor_previews_what_a_client_sees(client, org, owner, tier):
    client.force_login(owner)

    response = client.get(f"/o/northside/owner/tiers/{tier.id}/")

    assert b"What a client sees" in response.content
    assert b"on every tier" in response.content


def test_the_client_menu_shows_each_tiers_promise_and_price(client, org, client_user, tier):
    client.force_login(client_user)

    response = client.get("/o/northside/app/plans/")

    assert b"Hybrid" in response.content
    assert b"The AI, in minutes" in response.content
    assert b"79 USD" in response.content


def test_a_client_chooses_a_tier_from_the_menu(client, org, client_user, client_record, tier):
    client.force_login(client_user)

    response = client.post(f"/o/northside/app/plans/{tier.id}/choose/")

    assert response.status_code == 302
    assert Subscription.unscoped.get(client=client_record).tier == tier


def test_the_owner_marks_a_subscription_paid_from_the_list(client, org, owner, subscription):
    client.force_login(owner)

    client.post(f"/o/northside/owner/subscriptions/{subscription.id}/mark-paid/")

    assert ManualPayment.unscoped.get().marked_by == owner
    assert b"Active" in client.get("/o/northside/owner/subscriptions/").content


def test_the_clients_page_shows_a_payment_problem(client, org, coach, subscription):
    Subscription.unscoped.filter(pk=subscription.pk).update(status="past_due")
    client.force_login(coach)

    assert b"payment problem" in client.get("/o/northside/coach/clients/").content
