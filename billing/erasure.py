"""Billing's part of deleting a client (coaching.erasure): payment identifiers go, the amounts
and dates stay; the subscription ends (at Stripe too) so a deleted client is charged no more."""

from __future__ import annotations

from billing import gateway
from billing.models import ManualPayment, Subscription, SubscriptionStatus
from coaching.erasure import ErasureBlocked


def anonymize_client_billing(sender, client, **kwargs) -> None:

    subscription = Subscription.objects.filter(client=client).first()
    if subscription is None:
        return
    if subscription.stripe_subscription_id and subscription.status != SubscriptionStatus.CANCELED:
        try:
            gateway.cancel_subscription(subscription.stripe_subscription_id)
        except gateway.ManualMode:
            raise ErasureBlocked(
                "This client pays through Stripe but no Stripe key is configured: cancel their "
                "subscription in Stripe first."
            ) from None
        except gateway.ProviderError as exc:
            raise ErasureBlocked(f"Stripe could not cancel the subscription: {exc}") from None
    subscription.stripe_customer_id = ""
    subscription.stripe_subscription_id = ""
    subscription.last_payment_error = ""
    subscription.status = SubscriptionStatus.CANCELED
    subscription.save(
        update_fields=[
            "stripe_customer_id",
            "stripe_subscription_id",
            "last_payment_error",
            "status",
            "updated_at",
        ]
    )
    ManualPayment.objects.filter(subscription=subscription).update(note="")
