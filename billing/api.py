"""Billing API: tiers, prices, subscriptions, checkout, the Stripe webhook."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from billing import gateway, price_changes, services
from billing.core import validation
from billing.core.policy import RED_RESPONSE_HOURS
from billing.core.presets import PRESETS, SERVICE_MODELS
from billing.core.price_change import APPLIES_TO_CHOICES, NEW_ONLY
from billing.core.stripe_events import MalformedEvent
from billing.core.tier_change import PENDING_CHOICES
from billing.models import (
    MAX_DESCRIPTION_LENGTH,
    Subscription,
    SubscriptionStatus,
    Tier,
    TierPrice,
)
from billing.tasks import sync_tier
from coaching.api.base import ALL_ROLES, OWNER_ONLY, STAFF, OneClientMixin, OrganizationAPIView
from coaching.models import Role

NOT_FOUND = OpenApiResponse(description="Not in this organization (or no such object).")
FORBIDDEN = OpenApiResponse(description="Your role may not do this.")
CONFLICT = OpenApiResponse(description="Not possible in the current state (reason in detail).")


def _as_drf_error(fn, value):
    try:
        return fn(value)
    except ValueError as exc:
        raise serializers.ValidationError(str(exc)) from None


class MoneyField(serializers.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(max_digits=10, decimal_places=2, coerce_to_string=False, **kwargs)


class ResponseHoursSerializer(serializers.Serializer):
    yellow = serializers.FloatField()
    routine = serializers.FloatField()
    red = serializers.FloatField(read_only=True)


class SurchargeSerializer(serializers.Serializer):
    moderate = MoneyField()
    high = MoneyField()


class TierSerializer(serializers.ModelSerializer):
    """A tier. On create, review_policy, response_hours, features and risk_surcharge default
    to the service model's preset; any of them given replaces the preset's."""

    monthly_price = MoneyField(min_value=0)
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_DESCRIPTION_LENGTH
    )
    review_policy = serializers.JSONField(required=False)
    response_hours = serializers.JSONField(required=False)
    features = serializers.JSONField(required=False)
    risk_surcharge = serializers.JSONField(required=False)
    currency = serializers.CharField(required=False, default="usd")
    service_model = serializers.ChoiceField(choices=SERVICE_MODELS)
    price_applies_to = serializers.ChoiceField(
        choices=APPLIES_TO_CHOICES,
        required=False,
        write_only=True,
        help_text="When monthly_price changes on a tier with clients: existing_too (from each "
        "client's next period, with a notice in their thread) or new_only (existing clients "
        "keep their price; the default).",
    )

    class Meta:
        model = Tier
        fields = [
            "id",
            "name",
            "service_model",
            "description",
            "monthly_price",
            "currency",
            "review_policy",
            "response_hours",
            "features",
            "risk_surcharge",
            "active",
            "price_applies_to",
            "stripe_product_id",
            "stripe_price_id",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["stripe_product_id", "stripe_price_id", "created_at", "updated_at"]
        # Uniqueness per organization is checked in validate_name (the org is in the context).
        validators: list = []

    def validate_name(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError("Give the tier a name.")
        taken = Tier.objects.filter(name__iexact=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError("Another tier already has this name.")
        return value

    def validate_currency(self, value):
        return _as_drf_error(validation.clean_currency, value)

    def validate_review_policy(self, value):
        return _as_drf_error(validation.clean_review_policy, value)

    def validate_response_hours(self, value):
        return _as_drf_error(validation.clean_response_hours, value)

    def validate_features(self, value):
        return _as_drf_error(validation.clean_features, value)

    def validate_risk_surcharge(self, value):
        return _as_drf_error(validation.clean_risk_surcharge, value)

    def validate(self, attrs):
        service_model = attrs.get("service_model") or (
            self.instance and self.instance.service_model
        )
        if self.instance is None:
            defaults = PRESETS[service_model]
            for key in ("review_policy", "response_hours", "features", "risk_surcharge"):
                attrs.setdefault(key, defaults[key])
        surcharge = attrs.pop("risk_surcharge", None)
        if surcharge is not None:
            attrs["surcharge_moderate"] = surcharge["moderate"]
            attrs["surcharge_high"] = surcharge["high"]
        return attrs

    def to_representation(self, tier):
        data = super().to_representation(tier)
        data["risk_surcharge"] = {
            "moderate": float(tier.surcharge_moderate),
            "high": float(tier.surcharge_high),
        }
        data["response_hours"] = {**tier.response_hours, "red": RED_RESPONSE_HOURS}
        return data


def _enqueue_stripe_sync(tier: Tier) -> None:
    if gateway.is_configured():
        transaction.on_commit(lambda: sync_tier.delay(tier.organization_id, tier.id))


@extend_schema(responses={200: TierSerializer(many=True), 404: NOT_FOUND})
class TierListCreateView(OrganizationAPIView, generics.ListCreateAPIView):
    """Tiers of the organization: everyone in it reads, the owner writes.
    Clients see active tiers only."""

    model = Tier
    allowed_roles = ALL_ROLES
    write_roles = OWNER_ONLY
    serializer_class = TierSerializer

    def scope_queryset(self, queryset):
        if self.membership.role == Role.CLIENT:
            queryset = queryset.filter(active=True)
        return queryset.order_by("monthly_price", "name")

    @extend_schema(responses={201: TierSerializer, 400: OpenApiResponse(), 403: FORBIDDEN})
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.validated_data.pop("price_applies_to", None)
        tier = serializer.save(organization=self.organization)
        _enqueue_stripe_sync(tier)


@extend_schema(responses={200: TierSerializer, 403: FORBIDDEN, 404: NOT_FOUND})
class TierDetailView(OrganizationAPIView, generics.RetrieveUpdateAPIView):
    model = Tier
    allowed_roles = ALL_ROLES
    write_roles = OWNER_ONLY
    serializer_class = TierSerializer

    def scope_queryset(self, queryset):
        if self.membership.role == Role.CLIENT:
            queryset = queryset.filter(active=True)
        return queryset

    def perform_update(self, serializer):
        """A new monthly price goes through ``billing.price_changes`` (a price version; existing
        clients moved with a notice or kept on their price); the rest is saved as given."""
        data = serializer.validated_data
        applies_to = data.pop("price_applies_to", NEW_ONLY)
        new_price = data.pop("monthly_price", None)
        with transaction.atomic():
            tier = serializer.save()
            version = None
            if new_price is not None:
                version = price_changes.change_tier_price(
                    tier, new_price, applies_to=applies_to, by=self.request.user
                )
                tier.refresh_from_db()
        if version is None:
            _enqueue_stripe_sync(tier)


class TierPriceSerializer(serializers.ModelSerializer):
    monthly_price = MoneyField(read_only=True)
    previous_price = MoneyField(read_only=True)

    class Meta:
        model = TierPrice
        fields = [
            "id",
            "tier",
            "monthly_price",
            "previous_price",
            "currency",
            "applies_to",
            "clients_moving",
            "clients_keeping",
            "stripe_price_id",
            "changed_by",
            "created_at",
        ]
        read_only_fields = fields


@extend_schema(responses={200: TierPriceSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND})
class TierPriceListView(OrganizationAPIView, generics.ListAPIView):
    """A tier's price versions, newest first (owner): who changed it, to what, and whether
    existing clients moved to it or kept their price."""

    model = TierPrice
    allowed_roles = OWNER_ONLY
    serializer_class = TierPriceSerializer

    def scope_queryset(self, queryset):
        tier = get_object_or_404(Tier.objects, pk=self.kwargs["pk"])
        return queryset.filter(tier=tier).order_by("-created_at", "-id")


class PresetListView(OrganizationAPIView):
    """The five service models and the defaults a new tier starts from."""

    @extend_schema(responses={200: OpenApiResponse(description="{service_model: preset}")})
    def get(self, request, org):
        body = {}
        for key, data in PRESETS.items():
            body[key] = {
                **{k: v for k, v in data.items() if k not in ("risk_surcharge", "monthly_price")},
                "monthly_price": float(data["monthly_price"]),
                "risk_surcharge": {k: float(v) for k, v in data["risk_surcharge"].items()},
            }
        return Response(body)


class PriceSerializer(serializers.Serializer):
    tier = serializers.IntegerField()
    base = MoneyField()
    surcharge = MoneyField()
    total = MoneyField()
    currency = serializers.CharField()
    risk = serializers.CharField()


class ClientPriceView(OneClientMixin, OrganizationAPIView):
    """What this client pays: the tier's base price plus their risk surcharge."""

    @extend_schema(
        parameters=[OpenApiParameter("tier", int, description="Price another tier (preview).")],
        responses={200: PriceSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def get(self, request, org, pk):
        client = self.get_client(pk)
        tier_param = request.query_params.get("tier")
        if tier_param:
            if not tier_param.isdigit():
                raise ValidationError({"tier": ["Use a tier id."]})
            tier = get_object_or_404(Tier.objects.filter(active=True), pk=int(tier_param))
        else:
            tier = services.tier_of(client)
            if tier is None:
                return Response(
                    {"detail": "This client has no tier yet; pass ?tier=<id> to see a price."},
                    status=status.HTTP_409_CONFLICT,
                )
        price = tier.price_for_risk(client.risk)
        return Response(
            {
                "tier": tier.id,
                "base": float(price.base),
                "surcharge": float(price.surcharge),
                "total": float(price.total),
                "currency": tier.currency,
                "risk": client.risk or "low",
            }
        )


class SubscriptionSerializer(serializers.ModelSerializer):
    price_charged = MoneyField(read_only=True)
    tier_name = serializers.CharField(source="tier.name", read_only=True)
    client_email = serializers.CharField(source="client.user.email", read_only=True)
    pending_tier_name = serializers.CharField(
        source="pending_tier.name", read_only=True, allow_null=True, default=None
    )
    pending_starts = serializers.ChoiceField(
        choices=PENDING_CHOICES,
        allow_blank=True,
        read_only=True,
        help_text="When the pending tier starts: on_payment, next_period, or blank (none).",
    )
    pending_price = serializers.SerializerMethodField(
        help_text="What the pending tier costs this client a month (null without one)."
    )
    grandfathered_price = MoneyField(
        read_only=True,
        allow_null=True,
        help_text="The tier base price this client kept when the owner changed it for new "
        "clients only (null: the client follows the tier's price).",
    )
    next_price = MoneyField(
        read_only=True, allow_null=True, help_text="A new price coming from next_price_from."
    )
    price_line = serializers.SerializerMethodField(
        help_text='What the client reads: "You are on Hybrid — 99.00 USD a month (your price; '
        'new clients pay 109.00 USD)."'
    )

    class Meta:
        model = Subscription
        fields = [
            "id",
            "client",
            "client_email",
            "tier",
            "tier_name",
            "status",
            "current_period_end",
            "price_charged",
            "currency",
            "last_payment_error",
            "pending_tier",
            "pending_tier_name",
            "pending_starts",
            "pending_price",
            "grandfathered_price",
            "next_price",
            "next_price_from",
            "price_line",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_price_line(self, subscription) -> str:
        return price_changes.price_line(subscription, subscription.client)

    def get_pending_price(self, subscription) -> float | None:
        if subscription.pending_tier is None:
            return None
        return float(subscription.pending_tier.price_for_risk(subscription.client.risk).total)


class ChooseTierSerializer(serializers.Serializer):
    tier = serializers.IntegerField()

    def validate_tier(self, value):
        tier = Tier.objects.filter(pk=value, active=True).first()
        if tier is None:
            raise serializers.ValidationError("No active tier with this id in this organization.")
        return tier


class ClientSubscriptionView(OneClientMixin, OrganizationAPIView):
    """A client's subscription; POST chooses or changes the tier (the client or staff)."""

    @extend_schema(responses={200: SubscriptionSerializer, 404: NOT_FOUND})
    def get(self, request, org, pk):
        client = self.get_client(pk)
        subscription = get_object_or_404(
            Subscription.objects.select_related(
                "tier", "pending_tier", "client__user", "client__organization"
            ),
            client=client,
        )
        return Response(SubscriptionSerializer(subscription).data)

    @extend_schema(
        request=ChooseTierSerializer,
        responses={
            200: SubscriptionSerializer,
            400: OpenApiResponse(),
            404: NOT_FOUND,
            503: OpenApiResponse(description="Stripe could not be reached; nothing changed."),
        },
    )
    def post(self, request, org, pk):
        """A client's own move to a dearer tier is pending until paid (``pending_tier``,
        ``pending_starts: on_payment``), to a cheaper one until the next period
        (``next_period``); staff move a client at once."""
        client = self.get_client(pk)
        serializer = ChooseTierSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            subscription = services.choose_tier(
                client, serializer.validated_data["tier"], by=request.user
            )
        except gateway.ProviderError as exc:
            return Response(
                {"detail": f"Stripe could not be reached ({exc}); nothing changed."},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response(SubscriptionSerializer(subscription).data)


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


class CheckoutView(OneClientMixin, OrganizationAPIView):
    """A Stripe Checkout link for the client's subscription, or 409 in manual mode."""

    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(description="{checkout_url}"),
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, org, pk):
        client = self.get_client(pk)
        if not gateway.is_configured():
            return Response(
                {
                    "detail": "Billing is in manual mode (no Stripe key): the owner records "
                    "payments by hand."
                },
                status=status.HTTP_409_CONFLICT,
            )
        subscription = Subscription.objects.select_related("tier").filter(client=client).first()
        if subscription is None:
            return Response({"detail": "Choose a tier first."}, status=status.HTTP_409_CONFLICT)
        url = services.start_checkout(self.organization, client, subscription)
        return Response({"checkout_url": url})


class PortalView(OneClientMixin, OrganizationAPIView):
    """A Stripe Customer Portal link (manage card, invoices, cancel), or 409."""

    @extend_schema(
        request=None,
        responses={200: OpenApiResponse(description="{portal_url}"), 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, org, pk):
        client = self.get_client(pk)
        subscription = Subscription.objects.filter(client=client).first()
        if not gateway.is_configured() or not subscription or not subscription.stripe_customer_id:
            return Response(
                {"detail": "No Stripe customer for this client (manual mode or not paid yet)."},
                status=status.HTTP_409_CONFLICT,
            )
        url = gateway.create_portal_session(
            customer_id=subscription.stripe_customer_id,
            return_url=_absolute(reverse("client_plans", args=[self.organization.slug])),
        )
        return Response({"portal_url": url})


class MarkPaidSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class MarkPaidView(OneClientMixin, OrganizationAPIView):
    """Manual mode: the owner records a month's payment (who and when are kept)."""

    allowed_roles = OWNER_ONLY

    @extend_schema(
        request=MarkPaidSerializer,
        responses={200: SubscriptionSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request, org, pk):
        client = self.get_client(pk)
        subscription = get_object_or_404(Subscription.objects, client=client)
        serializer = MarkPaidSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.mark_paid(subscription, by=request.user, note=serializer.validated_data["note"])
        subscription.refresh_from_db()
        return Response(SubscriptionSerializer(subscription).data)


@extend_schema(responses={200: SubscriptionSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND})
class SubscriptionListView(OrganizationAPIView, generics.ListAPIView):
    """Every subscription, payment problems first."""

    model = Subscription
    allowed_roles = STAFF
    serializer_class = SubscriptionSerializer

    def scope_queryset(self, queryset):
        from django.db.models import Case, IntegerField, Value, When

        queryset = queryset.select_related(
            "tier", "pending_tier", "client__user", "client__organization"
        )
        if self.request.query_params.get("status"):
            queryset = queryset.filter(status=self.request.query_params["status"])
        return queryset.annotate(
            problem_first=Case(
                When(status=SubscriptionStatus.PAST_DUE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("problem_first", "client__user__email")


class StripeWebhookView(APIView):
    """Stripe-signed events. Bad or missing signature: 400. Unused types and replays: 200."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        request=OpenApiResponse(description="A Stripe event"),
        responses={
            200: OpenApiResponse(description="{received, applied, note}"),
            400: OpenApiResponse(description="A bad signature, or a body that is not an event."),
            413: OpenApiResponse(description="The body is over the size limit."),
            503: OpenApiResponse(description="Stripe could not be read back; Stripe retries."),
        },
    )
    def post(self, request):
        try:
            event = gateway.verify_event(request.body, request.headers.get("Stripe-Signature"))
        except gateway.BadSignature as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        except MalformedEvent as exc:
            return Response({exc.field: [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            applied, note = services.handle_stripe_event(event)
        except gateway.ProviderError as exc:
            return Response(
                {"detail": f"Stripe could not be read back ({exc}); retry later."},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response({"received": True, "applied": applied, "note": note})

    def get_parsers(self):
        # The signature covers the raw body: keep DRF from consuming it first.
        return []
