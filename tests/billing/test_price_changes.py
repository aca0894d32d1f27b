"""An owner changes a tier's price: existing clients too (from their next period, with a notice
in their thread) or new clients only (existing ones keep their price, shown as theirs); Stripe's
prices are versioned to match."""

import json
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from django.utils import timezone

from billing import gateway
from billing.forms import TierForm
from billing.hooks import reprice_after_intake
from billing.models import Subscription, TierPrice
from billing.services import choose_tier, mark_paid
from coaching.models import Client
from coaching.tenancy import tenant_scope
from messaging.models import Message
from tests.billing.test_tier_changes import FakeStripeWithSubscriptions
from tests.factories import ClientFactory, SubscriptionFactory, TierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hybrid(org):
    return TierFactory(organization=org, name="Hybrid", monthly_price=99, surcharge_moderate=15)


@pytest.fixture
def ana(org, coach, hybrid):
    client = ClientFactory(organization=org, coach=coach, user__name="Ana Ruiz")
    SubscriptionFactory(
        client=client,
        tier=hybrid,
        price_charged=99,
        status="active",
        current_period_end=timezone.now() + timedelta(days=12),
    )
    return client


def tier_url(org, tier):
    return f"/api/v1/orgs/{org.slug}/tiers/{tier.pk}/"


def subscription_of(client) -> Subscription:
    return Subscription.unscoped.get(client=client)


def test_existing_too_charges_the_new_price_from_the_next_period_and_sends_a_notice(
    api, org, owner, ana, hybrid
):
    response = api(owner).patch(
        tier_url(org, hybrid),
        {"monthly_price": 109, "price_applies_to": "existing_too"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["monthly_price"] == 109
    subscription = subscription_of(ana)
    assert subscription.price_charged == Decimal("99.00")  # the period already paid
    assert subscription.next_price == Decimal("109.00")
    assert subscription.next_price_from == subscription.current_period_end
    notice = Message.unscoped.get()
    assert notice.thread.client == ana
    assert (notice.author, notice.author_role, notice.source) == (owner, "owner", "price_notice")
    assert "99 USD to 109 USD a month for you" in notice.body
    assert "until then nothing changes" in notice.body


def test_the_notice_and_new_price_carry_the_clients_own_surcharge(api, org, owner, ana, hybrid):

    Client.unscoped.filter(pk=ana.pk).update(risk="moderate")
    Subscription.unscoped.filter(client=ana).update(price_charged=114)

    api(owner).patch(
        tier_url(org, hybrid),
        {"monthly_price": 109, "price_applies_to": "existing_too"},
        format="json",
    )

    assert subscription_of(ana).next_price == Decimal("124.00")
    assert "114 USD to 124 USD" in Message.unscoped.get().body


def test_a_client_without_a_paid_period_pays_the_new_price_now(api, org, owner, ana, hybrid):
    Subscription.unscoped.filter(client=ana).update(status="trialing", current_period_end=None)

    api(owner).patch(
        tier_url(org, hybrid),
        {"monthly_price": 109, "price_applies_to": "existing_too"},
        format="json",
    )

    subscription = subscription_of(ana)
    assert (subscription.price_charged, subscription.next_price) == (Decimal("109.00"), None)
    assert "from today" in Message.unscoped.get().body


def test_the_next_period_paid_by_hand_is_charged_the_new_price(api, org, owner, ana, hybrid):
    api(owner).patch(
        tier_url(org, hybrid),
        {"monthly_price": 109, "price_applies_to": "existing_too"},
        format="json",
    )

    with tenant_scope(org):
        payment = mark_paid(subscription_of(ana), by=owner)

    assert payment.amount == Decimal("109.00")
    subscription = subscription_of(ana)
    assert (subscription.price_charged, subscription.next_price) == (Decimal("109.00"), None)


def test_new_only_keeps_existing_clients_on_their_price_and_says_so(
    api, client, org, owner, ana, hybrid
):
    response = api(owner).patch(
        tier_url(org, hybrid),
        {"monthly_price": 109, "price_applies_to": "new_only"},
        format="json",
    )

    assert response.status_code == 200
    subscription = subscription_of(ana)
    assert (subscription.price_charged, subscription.grandfathered_price) == (
        Decimal("99.00"),
        Decimal("99.00"),
    )
    assert not Message.unscoped.exists()
    client.force_login(ana.user)
    page = client.get(f"/o/{org.slug}/app/plans/").content.decode()
    assert "You are on Hybrid — 99 USD a month (your price; new clients pay 109 USD)." in page
    assert "You keep your price: 99 USD a month. The price above is for new clients." in page


def test_the_api_default_is_new_only(api, org, owner, ana, hybrid):
    api(owner).patch(tier_url(org, hybrid), {"monthly_price": 109}, format="json")

    assert subscription_of(ana).grandfathered_price == Decimal("99.00")
    assert TierPrice.unscoped.get().applies_to == "new_only"


def test_a_kept_price_survives_a_new_intake_risk(api, org, owner, ana, hybrid):

    api(owner).patch(tier_url(org, hybrid), {"monthly_price": 109}, format="json")
    Client.unscoped.filter(pk=ana.pk).update(risk="moderate")
    ana.refresh_from_db()

    with tenant_scope(org):
        reprice_after_intake(None, intake=None, client=ana)

    assert subscription_of(ana).price_charged == Decimal("114.00")  # 99 kept + 15 surcharge


def test_moving_to_another_tier_ends_the_kept_price(api, org, owner, ana, hybrid):

    api(owner).patch(tier_url(org, hybrid), {"monthly_price": 109}, format="json")
    other = TierFactory(organization=org, name="Premium", monthly_price=199)
    hybrid.refresh_from_db()

    with tenant_scope(org):
        choose_tier(ana, other, by=owner)
        choose_tier(ana, hybrid, by=owner)

    subscription = subscription_of(ana)
    assert (subscription.price_charged, subscription.grandfathered_price) == (
        Decimal("109.00"),
        None,
    )


def test_each_price_change_is_a_version_the_owner_can_list(api, org, owner, ana, hybrid):
    api(owner).patch(tier_url(org, hybrid), {"monthly_price": 109}, format="json")
    api(owner).patch(
        tier_url(org, hybrid),
        {"monthly_price": 119, "price_applies_to": "existing_too"},
        format="json",
    )

    body = api(owner).get(f"{tier_url(org, hybrid)}prices/").json()

    assert [
        (v["previous_price"], v["monthly_price"], v["applies_to"]) for v in body["results"]
    ] == [
        (109.0, 119.0, "existing_too"),
        (99.0, 109.0, "new_only"),
    ]
    assert body["results"][0]["clients_moving"] == 1
    # A kept price yields to a later change that reaches existing clients too.
    subscription = subscription_of(ana)
    assert (subscription.grandfathered_price, subscription.next_price) == (None, Decimal("119.00"))


def test_a_bad_choice_is_a_400_naming_it_and_nothing_changes(api, org, owner, ana, hybrid):
    response = api(owner).patch(
        tier_url(org, hybrid), {"monthly_price": 109, "price_applies_to": "everyone"}, format="json"
    )

    assert response.status_code == 400
    assert "price_applies_to" in response.json()
    hybrid.refresh_from_db()
    assert hybrid.monthly_price == Decimal("99.00")


def test_saving_the_same_price_changes_nobody_and_records_no_version(api, org, owner, ana, hybrid):
    api(owner).patch(
        tier_url(org, hybrid),
        {"monthly_price": 99, "price_applies_to": "existing_too", "description": "Same"},
        format="json",
    )

    assert not TierPrice.unscoped.exists()
    assert not Message.unscoped.exists()


def test_canceled_subscriptions_are_neither_moved_nor_told(api, org, owner, ana, hybrid):
    Subscription.unscoped.filter(client=ana).update(status="canceled")

    api(owner).patch(
        tier_url(org, hybrid),
        {"monthly_price": 109, "price_applies_to": "existing_too"},
        format="json",
    )

    assert subscription_of(ana).next_price is None
    assert not Message.unscoped.exists()


# -- the owner's page -----------------------------------------------------------------------------


def form_data(tier, **changes):

    initial = TierForm.initial_from_tier(tier)
    data = {k: v for k, v in initial.items() if v is not None and v is not False}
    data.update(changes)
    return data


def test_the_page_asks_who_pays_when_the_price_of_a_tier_with_clients_changes(
    client, org, owner, ana, hybrid
):
    client.force_login(owner)
    url = f"/o/{org.slug}/owner/tiers/{hybrid.pk}/"
    assert "If you change the price, who pays it?" in client.get(url).content.decode()

    response = client.post(url, form_data(hybrid, monthly_price="109"))

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["price_applies_to"]
    assert "choose whether they pay the new price too" in response.content.decode()
    hybrid.refresh_from_db()
    assert hybrid.monthly_price == Decimal("99.00")


def test_the_page_moves_existing_clients_and_says_how_many(client, org, owner, ana, hybrid):
    client.force_login(owner)
    url = f"/o/{org.slug}/owner/tiers/{hybrid.pk}/"

    response = client.post(
        url, form_data(hybrid, monthly_price="109", price_applies_to="existing_too"), follow=True
    )

    page = response.content.decode()
    assert "99 USD → 109 USD. 1 existing client pays the new price" in page
    assert subscription_of(ana).next_price == Decimal("109.00")
    assert Message.unscoped.filter(source="price_notice").count() == 1


def test_the_page_keeps_existing_clients_on_their_price(client, org, owner, ana, hybrid):
    client.force_login(owner)

    response = client.post(
        f"/o/{org.slug}/owner/tiers/{hybrid.pk}/",
        form_data(hybrid, monthly_price="109", price_applies_to="new_only"),
        follow=True,
    )

    assert "1 existing client keeps their price (99 USD base)" in response.content.decode()
    assert subscription_of(ana).grandfathered_price == Decimal("99.00")


def test_a_tier_without_clients_changes_price_without_asking(client, org, owner):
    empty = TierFactory(organization=org, name="Empty", monthly_price=50)
    client.force_login(owner)

    response = client.post(
        f"/o/{org.slug}/owner/tiers/{empty.pk}/", form_data(empty, monthly_price="60")
    )

    assert response.status_code == 302
    empty.refresh_from_db()
    assert empty.monthly_price == Decimal("60.00")


# -- Stripe ---------------------------------------------------------------------------------------


class VersionedPrices(FakeStripeWithSubscriptions):
    """Each new Price gets a new id, and remembers its amount."""

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        path = url.split("stripe.com")[-1]
        if path.startswith("/v1/prices"):
            form = {k: v[0] for k, v in parse_qs(post_data or "").items()}
            self.calls.append((method, path, form))
            if method == "post":
                self.prices.append(int(form["unit_amount"]))
                price_id = f"price_{len(self.prices)}"
            else:
                price_id = path.rsplit("/", 1)[-1]
            amount = self.prices[int(price_id.split("_")[1]) - 1]
            body = {"id": price_id, "object": "price", "unit_amount": amount, "currency": "usd"}
            return json.dumps(body), 200, {}
        return super().request(method, url, headers, post_data, _usage=_usage)

    def __init__(self):
        super().__init__()
        self.prices = [9900]  # price_1: the tier's first price


@pytest.fixture
def stripe_prices(monkeypatch, settings, hybrid, ana):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    fake = VersionedPrices()
    monkeypatch.setattr(gateway, "HTTP_CLIENT", fake)
    type(hybrid).unscoped.filter(pk=hybrid.pk).update(
        stripe_product_id="prod_1", stripe_price_id="price_1"
    )
    Subscription.unscoped.filter(client=ana).update(stripe_subscription_id="sub_ana")
    return fake


def test_a_price_for_existing_clients_too_is_a_new_stripe_price_their_renewal_moves_to(
    api, org, owner, hybrid, stripe_prices, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api(owner).patch(
            tier_url(org, hybrid),
            {"monthly_price": 109, "price_applies_to": "existing_too"},
            format="json",
        )

    hybrid.refresh_from_db()
    assert hybrid.stripe_price_id == "price_2"
    assert TierPrice.unscoped.get().stripe_price_id == "price_2"
    created = [f for m, p, f in stripe_prices.calls if m == "post" and p == "/v1/prices"]
    assert [f["unit_amount"] for f in created] == ["10900"]
    moved = next(
        f for m, p, f in stripe_prices.calls if p == "/v1/subscriptions/sub_ana" and m == "post"
    )
    assert moved["items[0][price]"] == "price_2"
    assert moved["proration_behavior"] == "none"
    # The old Price is kept (never archived) for subscriptions that still use it.
    assert not any(p == "/v1/prices/price_1" and m == "post" for m, p, _ in stripe_prices.calls)


def test_a_price_for_new_clients_only_is_a_new_stripe_price_and_nobodys_subscription_moves(
    api, org, owner, hybrid, stripe_prices, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api(owner).patch(
            tier_url(org, hybrid),
            {"monthly_price": 109, "price_applies_to": "new_only"},
            format="json",
        )

    hybrid.refresh_from_db()
    assert hybrid.stripe_price_id == "price_2"
    assert not any(p.startswith("/v1/subscriptions") for _, p, _ in stripe_prices.calls)


def test_a_surcharged_client_moves_to_their_own_amount_at_stripe(
    api, org, owner, hybrid, ana, stripe_prices, django_capture_on_commit_callbacks
):

    Client.unscoped.filter(pk=ana.pk).update(risk="moderate")
    with django_capture_on_commit_callbacks(execute=True):
        api(owner).patch(
            tier_url(org, hybrid),
            {"monthly_price": 109, "price_applies_to": "existing_too"},
            format="json",
        )

    moved = next(
        f for m, p, f in stripe_prices.calls if p == "/v1/subscriptions/sub_ana" and m == "post"
    )
    assert moved["items[0][price_data][unit_amount]"] == "12400"
