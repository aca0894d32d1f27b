"""Billing pages: the owner's tiers and subscriptions, the client's tier menu."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from billing import gateway, price_changes, services
from billing.core.policy import RED_RESPONSE_HOURS, auto_apply_summary
from billing.core.presets import PRESETS, SERVICE_MODELS
from billing.core.price_change import EXISTING_TOO, NEW_ONLY
from billing.core.tier_change import NEXT_PERIOD, ON_PAYMENT
from billing.forms import TierForm
from billing.models import Subscription, SubscriptionStatus, Tier
from billing.tasks import sync_tier
from coaching.access import organization_page
from coaching.formatting import money
from coaching.models import Client, Role


def tier_card(tier: Tier, risk: str | None = None) -> dict:
    """What a client reads about a tier: the promise in the brief's words, and the price."""
    preset = PRESETS[tier.service_model]
    return {
        "tier": tier,
        "price": tier.price_for_risk(risk),
        "ai_role": preset["ai_role"],
        "human_role": preset["human_role"],
        "policy_lines": auto_apply_summary(tier.policy),
        "features": tier.features,
        "red_hours": RED_RESPONSE_HOURS,
    }


@organization_page(roles=[Role.OWNER])
def tier_list(request: HttpRequest) -> HttpResponse:
    tiers = Tier.objects.annotate(subscriber_count=Count("subscriptions")).order_by(
        "-active", "monthly_price", "name"
    )
    presets = [(key, PRESETS[key]) for key in SERVICE_MODELS]
    return render(
        request,
        "billing/tier_list.html",
        {"tiers": list(tiers), "presets": presets, "stripe_on": gateway.is_configured()},
    )


@organization_page(roles=[Role.OWNER])
@require_http_methods(["GET", "POST"])
def tier_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create a tier from a preset (``?preset=``) or edit one; shows what a client will see."""
    tier = get_object_or_404(Tier.objects, pk=pk) if pk else None
    if tier is not None:
        initial = TierForm.initial_from_tier(tier)
    else:
        preset = request.GET.get("preset", "assisted_hybrid")
        initial = TierForm.initial_from_preset(preset if preset in PRESETS else "assisted_hybrid")
    subscribers = price_changes.current_subscriptions(tier).count() if tier is not None else 0
    form = TierForm(
        request.POST or None,
        initial=initial,
        organization=request.organization,
        instance=tier,
        subscribers=subscribers,
    )
    if request.method == "POST" and form.is_valid():
        old_price = tier.monthly_price if tier is not None else None
        with transaction.atomic():
            saved = form.save()
            version = None
            if form.asks_who_pays and form.price_changed():
                version = price_changes.change_tier_price(
                    saved,
                    form.cleaned_data["monthly_price"],
                    applies_to=form.cleaned_data["price_applies_to"],
                    by=request.user,
                )
        if gateway.is_configured() and version is None:
            transaction.on_commit(lambda: sync_tier.delay(saved.organization_id, saved.id))
        messages.success(request, _saved_words(saved, version, old_price))
        return redirect("owner_tiers", org=request.organization.slug)
    preview = tier_card(tier) if tier is not None else None
    return render(
        request,
        "billing/tier_edit.html",
        {
            "form": form,
            "tier": tier,
            "preview": preview,
            "subscribers": subscribers,
            "price_history": list(tier.prices.select_related("changed_by")[:5]) if tier else [],
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _saved_words(tier: Tier, version, old_price) -> str:
    """What the owner is told after saving: where a new price reaches, in numbers."""
    if version is None:
        return f"Tier “{tier.name}” saved."
    new, old = money(version.monthly_price, tier.currency), money(old_price, tier.currency)
    if version.applies_to == EXISTING_TOO:
        one = version.clients_moving == 1
        return (
            f"Tier “{tier.name}” saved: {old} → {new}. {version.clients_moving} existing "
            f"{'client pays' if one else 'clients pay'} the new price from their next period "
            f"and {'was' if one else 'were'} sent a notice in their messages."
        )
    assert version.applies_to == NEW_ONLY
    one = version.clients_keeping == 1
    return (
        f"Tier “{tier.name}” saved: new clients pay {new}. {version.clients_keeping} existing "
        f"{'client keeps' if one else 'clients keep'} their price ({old} base)."
    )


@organization_page(roles=[Role.OWNER])
def subscription_list(request: HttpRequest) -> HttpResponse:
    subscriptions = (
        Subscription.objects.select_related("tier", "pending_tier", "client__user", "client__coach")
        .annotate(
            problem_first=Case(
                When(status=SubscriptionStatus.PAST_DUE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("problem_first", "client__user__name", "client__user__email")
    )
    without = Client.objects.filter(subscription__isnull=True).exclude(status="archived").count()
    return render(
        request,
        "billing/subscription_list.html",
        {
            "subscriptions": list(subscriptions),
            "without_tier": without,
            "stripe_on": gateway.is_configured(),
        },
    )


@require_POST
@organization_page(roles=[Role.OWNER])
def mark_paid(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(Subscription.objects.select_related("client__user"), pk=pk)
    services.mark_paid(subscription, by=request.user, note=request.POST.get("note", "")[:255])
    messages.success(request, f"Payment recorded for {subscription.client.user.display_name}.")
    return redirect("owner_subscriptions", org=request.organization.slug)


@organization_page(roles=[Role.CLIENT])
def client_plans(request: HttpRequest) -> HttpResponse:
    """The tier menu: what the AI handles, what a coach reviews, what is escalated at once."""
    client = get_object_or_404(Client.objects, user=request.user)
    subscription = (
        Subscription.objects.select_related("tier", "pending_tier").filter(client=client).first()
    )
    tiers = Tier.objects.filter(active=True).order_by("monthly_price", "name")
    return render(
        request,
        "billing/client_plans.html",
        {
            "cards": [tier_card(tier, client.risk) for tier in tiers],
            "subscription": subscription,
            "price_line": price_changes.price_line(subscription, client) if subscription else "",
            "stripe_on": gateway.is_configured(),
            "client": client,
        },
    )


@require_POST
@organization_page(roles=[Role.CLIENT])
def client_choose_tier(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client.objects.select_related("user"), user=request.user)
    tier = get_object_or_404(Tier.objects.filter(active=True), pk=pk)
    try:
        subscription = services.choose_tier(client, tier, by=request.user)
    except gateway.ProviderError:
        messages.error(request, "Payments cannot be reached just now; nothing changed. Try again.")
        return redirect("client_plans", org=request.organization.slug)
    awaits_payment = subscription.pending_starts == ON_PAYMENT
    if gateway.is_configured() and (
        awaits_payment or subscription.status != SubscriptionStatus.ACTIVE
    ):
        return redirect(services.start_checkout(request.organization, client, subscription))
    if awaits_payment:
        messages.success(
            request,
            f"You asked for {tier.name}. It starts once the payment is recorded; your coach's "
            "business will confirm it with you.",
        )
    elif subscription.pending_starts == NEXT_PERIOD:
        messages.success(request, f"You asked for {tier.name}. It starts with your next period.")
    else:
        messages.success(
            request,
            f"You chose {tier.name}. Your coach's business will confirm payment with you.",
        )
    return redirect("client_plans", org=request.organization.slug)
