from tests.factories import SubscriptionFactory, TierFactory
from tests.isolation.framework import (
    API_EVERY_MEMBER,
    API_OWNER_ONLY,
    API_STAFF_ONLY,
    PAGE_CLIENT_ONLY,
    PAGE_OWNER_ONLY,
    Rule,
    expect,
)


def _tier(world):

    world.extras["tier"] = TierFactory(organization=world.org, name="Iso tier")
    world.extras["other_tier"] = TierFactory(organization=world.other_org, name="Their tier")
    world.extras["subscription"] = SubscriptionFactory(
        client=world.client_record, tier=world.extras["tier"]
    )
    SubscriptionFactory(client=world.other_client, tier=world.extras["other_tier"])


def client_kwargs(w):
    return {"org": w.org.slug, "pk": w.client_record.pk}


def foreign_client(w):
    return {"org": w.org.slug, "pk": w.other_client.pk}


RULES = {
    "api_tiers": Rule(API_EVERY_MEMBER, setup=_tier),
    "api_tier_detail": Rule(
        API_EVERY_MEMBER,
        setup=_tier,
        kwargs=lambda w: {"org": w.org.slug, "pk": w.extras["tier"].pk},
        foreign=lambda w: {"org": w.org.slug, "pk": w.extras["other_tier"].pk},
    ),
    "api_tier_prices": Rule(
        API_OWNER_ONLY,
        setup=_tier,
        kwargs=lambda w: {"org": w.org.slug, "pk": w.extras["tier"].pk},
        foreign=lambda w: {"org": w.org.slug, "pk": w.extras["other_tier"].pk},
    ),
    "api_tier_presets": Rule(API_EVERY_MEMBER),
    "api_client_price": Rule(
        API_EVERY_MEMBER, setup=_tier, kwargs=client_kwargs, foreign=foreign_client
    ),
    "api_client_subscription": Rule(
        API_EVERY_MEMBER, setup=_tier, kwargs=client_kwargs, foreign=foreign_client
    ),
    # Manual mode in tests: an allowed caller learns checkout is not possible (409).
    "api_subscription_checkout": Rule(
        expect(409, 409, 409, 404, 401),
        method="post",
        setup=_tier,
        kwargs=client_kwargs,
        foreign=foreign_client,
    ),
    "api_subscription_portal": Rule(
        expect(409, 409, 409, 404, 401),
        method="post",
        setup=_tier,
        kwargs=client_kwargs,
        foreign=foreign_client,
    ),
    "api_subscription_mark_paid": Rule(
        expect(200, 403, 403, 404, 401),
        method="post",
        setup=_tier,
        kwargs=client_kwargs,
        foreign=foreign_client,
    ),
    "api_subscriptions": Rule(API_STAFF_ONLY, setup=_tier),
    # Unsigned: refused whoever calls.
    "api_stripe_webhook": Rule(expect(400, 400, 400, 400, 400), method="post", kwargs=lambda w: {}),
    "owner_tiers": Rule(PAGE_OWNER_ONLY, setup=_tier),
    "owner_tier_new": Rule(PAGE_OWNER_ONLY),
    "owner_tier_edit": Rule(
        PAGE_OWNER_ONLY,
        setup=_tier,
        kwargs=lambda w: {"org": w.org.slug, "pk": w.extras["tier"].pk},
        foreign=lambda w: {"org": w.org.slug, "pk": w.extras["other_tier"].pk},
    ),
    "owner_subscriptions": Rule(PAGE_OWNER_ONLY, setup=_tier),
    "owner_mark_paid": Rule(
        expect(302, 403, 403, 404, 302),
        method="post",
        format="multipart",
        setup=_tier,
        kwargs=lambda w: {"org": w.org.slug, "pk": w.extras["subscription"].pk},
    ),
    "client_plans": Rule(PAGE_CLIENT_ONLY, setup=_tier),
    "client_choose_tier": Rule(
        expect(403, 403, 302, 404, 302),
        method="post",
        format="multipart",
        setup=_tier,
        kwargs=lambda w: {"org": w.org.slug, "pk": w.extras["tier"].pk},
    ),
}
