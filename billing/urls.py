"""URL patterns of billing: `api_urlpatterns` mount under /api/v1/, `page_urlpatterns` under /."""

from django.urls import path

from billing import api, views

api_urlpatterns = [
    path("orgs/<slug:org>/tiers/", api.TierListCreateView.as_view(), name="api_tiers"),
    path("orgs/<slug:org>/tiers/<int:pk>/", api.TierDetailView.as_view(), name="api_tier_detail"),
    path(
        "orgs/<slug:org>/tiers/<int:pk>/prices/",
        api.TierPriceListView.as_view(),
        name="api_tier_prices",
    ),
    path("orgs/<slug:org>/tier-presets/", api.PresetListView.as_view(), name="api_tier_presets"),
    path(
        "orgs/<slug:org>/clients/<int:pk>/price/",
        api.ClientPriceView.as_view(),
        name="api_client_price",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/subscription/",
        api.ClientSubscriptionView.as_view(),
        name="api_client_subscription",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/subscription/checkout/",
        api.CheckoutView.as_view(),
        name="api_subscription_checkout",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/subscription/portal/",
        api.PortalView.as_view(),
        name="api_subscription_portal",
    ),
    path(
        "orgs/<slug:org>/clients/<int:pk>/subscription/mark-paid/",
        api.MarkPaidView.as_view(),
        name="api_subscription_mark_paid",
    ),
    path(
        "orgs/<slug:org>/subscriptions/",
        api.SubscriptionListView.as_view(),
        name="api_subscriptions",
    ),
    path("billing/stripe/webhook/", api.StripeWebhookView.as_view(), name="api_stripe_webhook"),
]

page_urlpatterns = [
    path("o/<slug:org>/owner/tiers/", views.tier_list, name="owner_tiers"),
    path("o/<slug:org>/owner/tiers/new/", views.tier_edit, name="owner_tier_new"),
    path("o/<slug:org>/owner/tiers/<int:pk>/", views.tier_edit, name="owner_tier_edit"),
    path("o/<slug:org>/owner/subscriptions/", views.subscription_list, name="owner_subscriptions"),
    path(
        "o/<slug:org>/owner/subscriptions/<int:pk>/mark-paid/",
        views.mark_paid,
        name="owner_mark_paid",
    ),
    path("o/<slug:org>/app/plans/", views.client_plans, name="client_plans"),
    path(
        "o/<slug:org>/app/plans/<int:pk>/choose/",
        views.client_choose_tier,
        name="client_choose_tier",
    ),
]
