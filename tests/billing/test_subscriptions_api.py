import pytest

from billing.models import ManualPayment, Subscription, TierChange
from coaching.models import Client
from tests.factories import PASSWORD, ClientFactory, SubscriptionFactory, TierFactory

pytestmark = pytest.mark.django_db


def client_url(org, client, suffix=""):
    return f"/api/v1/orgs/{org.slug}/clients/{client.pk}/{suffix}"


def test_a_low_risk_client_pays_the_base_price(api, org, coach, client_record, subscription):
    response = api(coach).get(client_url(org, client_record, "price/"))

    assert response.json() == {
        "tier": subscription.tier_id,
        "base": 79.0,
        "surcharge": 0.0,
        "total": 79.0,
        "currency": "usd",
        "risk": "low",
    }


def test_a_high_risk_client_pays_the_high_surcharge(api, org, coach, client_record, subscription):
    Client.unscoped.filter(pk=client_record.pk).update(risk="high")

    body = api(coach).get(client_url(org, client_record, "price/")).json()

    assert (body["surcharge"], body["total"]) == (35.0, 114.0)


def test_a_client_sees_the_price_of_a_tier_before_choosing_it(
    api, org, client_user, client_record, tier
):
    body = api(client_user).get(client_url(org, client_record, f"price/?tier={tier.id}")).json()

    assert body["total"] == 79.0


def test_the_price_of_a_client_without_a_tier_is_409_with_a_reason(api, org, coach, client_record):
    response = api(coach).get(client_url(org, client_record, "price/"))

    assert response.status_code == 409
    assert "no tier" in response.json()["detail"]


def test_a_client_may_not_see_another_clients_price(api, org, client_user, tier):

    someone_else = ClientFactory(organization=org)

    response = api(client_user).get(client_url(org, someone_else, f"price/?tier={tier.id}"))

    assert response.status_code == 404


def test_a_client_chooses_a_tier_and_the_change_is_recorded(
    api, org, client_user, client_record, tier
):
    response = api(client_user).post(
        client_url(org, client_record, "subscription/"), {"tier": tier.id}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "trialing"
    change = TierChange.unscoped.get()
    assert (change.from_tier, change.to_tier, change.changed_by) == (None, tier, client_user)


def test_changing_tier_records_from_and_to_with_the_date(
    api, org, coach, client_record, subscription
):
    premium = TierFactory(organization=org, name="Premium", monthly_price=199)

    api(coach).post(
        client_url(org, client_record, "subscription/"), {"tier": premium.id}, format="json"
    )

    change = TierChange.unscoped.get()
    assert (change.from_tier_id, change.to_tier, change.changed_by.email) == (
        subscription.tier_id,
        premium,
        "coach@north.test",
    )
    assert change.changed_at is not None
    assert Subscription.unscoped.get().price_charged == 199


def test_choosing_another_organizations_tier_is_400(
    api, org, other_org, client_user, client_record
):
    theirs = TierFactory(organization=other_org)

    response = api(client_user).post(
        client_url(org, client_record, "subscription/"), {"tier": theirs.id}, format="json"
    )

    assert response.status_code == 400
    assert "tier" in response.json()


def test_a_client_invited_with_a_tier_starts_on_it(api, anonymous, org, owner, tier):
    created = (
        api(owner)
        .post(
            f"/api/v1/orgs/{org.slug}/invitations/",
            {"email": "new@c.test", "role": "client", "tier": tier.id},
            format="json",
        )
        .json()
    )

    accepted = anonymous.post(
        f"/api/v1/invitations/{created['token']}/accept/", {"password": PASSWORD}, format="json"
    ).json()

    assert Subscription.unscoped.get(client_id=accepted["client"]["id"]).tier == tier


def test_an_invitation_with_an_unknown_tier_is_400(api, org, owner, other_org):
    theirs = TierFactory(organization=other_org)

    response = api(owner).post(
        f"/api/v1/orgs/{org.slug}/invitations/",
        {"email": "new@c.test", "role": "client", "tier": theirs.id},
        format="json",
    )

    assert response.status_code == 400
    assert "tier" in response.json()


def test_the_client_list_shows_each_clients_tier(api, org, coach, subscription):
    results = api(coach).get(f"/api/v1/orgs/{org.slug}/clients/").json()["results"]

    assert results[0]["tier"] == subscription.tier_id


def test_checkout_in_manual_mode_is_409_with_a_clear_message(
    api, org, client_user, client_record, subscription
):
    response = api(client_user).post(client_url(org, client_record, "subscription/checkout/"))

    assert response.status_code == 409
    assert "manual mode" in response.json()["detail"]


def test_the_owner_marks_a_subscription_paid_and_who_and_when_are_kept(
    api, org, owner, client_record, subscription
):
    response = api(owner).post(
        client_url(org, client_record, "subscription/mark-paid/"), {}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "active"
    payment = ManualPayment.unscoped.get()
    assert payment.marked_by == owner and payment.marked_at is not None
    assert payment.amount == 79


def test_a_coach_may_not_mark_a_payment(api, org, coach, client_record, subscription):
    response = api(coach).post(
        client_url(org, client_record, "subscription/mark-paid/"), {}, format="json"
    )

    assert response.status_code == 403
    assert not ManualPayment.unscoped.exists()


def test_subscriptions_list_payment_problems_first(api, org, owner, subscription):

    late = SubscriptionFactory(
        client=ClientFactory(organization=org, user__email="zz@late.test"),
        tier=subscription.tier,
        status="past_due",
    )

    results = api(owner).get(f"/api/v1/orgs/{org.slug}/subscriptions/").json()["results"]

    assert [r["id"] for r in results] == [late.id, subscription.id]
