"""The Stripe gateway: the only module that imports ``stripe``.

Everything else asks this module, in Spotter's own words, and gets plain values back. Without
``STRIPE_SECRET_KEY`` billing runs in manual mode and the calls that need Stripe raise
``ManualMode``; webhook signatures are verified with ``STRIPE_WEBHOOK_SECRET`` whenever it is set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import stripe
from django.conf import settings

from billing.core.stripe_events import (
    MalformedEvent,
    StripeEvent,
    SubscriptionState,
    read_event,
    state_of,
)
from coaching.core.bodylimits import TOO_DEEP, field_nested_too_deep


class ManualMode(Exception):
    """No Stripe key is configured: payments are marked by hand."""


class BadSignature(Exception):
    """A webhook without a valid Stripe-Signature."""


# Tests replace this with a fake ``stripe.HTTPClient``: the boundary where HTTP leaves Spotter.
HTTP_CLIENT: stripe.HTTPClient | None = None


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def _client() -> stripe.StripeClient:
    if not is_configured():
        raise ManualMode("Stripe is not configured: billing is in manual mode.")
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, http_client=HTTP_CLIENT)


@dataclass(frozen=True)
class StripeProduct:
    product_id: str
    price_id: str


def sync_product(
    *, name: str, product_id: str, amount_cents: int, currency: str, price_id: str, metadata: dict
) -> StripeProduct:
    """Create or update the tier's product, and a monthly price when the amount changed."""
    client = _client()
    if product_id:
        client.v1.products.update(product_id, {"name": name, "metadata": metadata})
    else:
        product_id = client.v1.products.create({"name": name, "metadata": metadata}).id
    if price_id:
        current = client.v1.prices.retrieve(price_id)
        if current.unit_amount == amount_cents and current.currency == currency:
            return StripeProduct(product_id, price_id)
    price = client.v1.prices.create(
        {
            "product": product_id,
            "unit_amount": amount_cents,
            "currency": currency,
            "recurring": {"interval": "month"},
        }
    )
    return StripeProduct(product_id, price.id)


def create_checkout_session(
    *,
    product_id: str,
    amount_cents: int,
    currency: str,
    customer_email: str,
    success_url: str,
    cancel_url: str,
    metadata: dict,
) -> str:
    """A hosted Checkout page for a monthly subscription at this client's price (with surcharge)."""
    session = _client().v1.checkout.sessions.create(
        {
            "mode": "subscription",
            "customer_email": customer_email,
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": currency,
                        "product": product_id,
                        "unit_amount": amount_cents,
                        "recurring": {"interval": "month"},
                    },
                }
            ],
            "success_url": success_url,
            "cancel_url": cancel_url,
            "client_reference_id": str(metadata.get("client_id", "")),
            "metadata": metadata,
            "subscription_data": {"metadata": metadata},
        }
    )
    return session.url


def create_portal_session(*, customer_id: str, return_url: str) -> str:
    session = _client().v1.billing_portal.sessions.create(
        {"customer": customer_id, "return_url": return_url}
    )
    return session.url


def verify_event(payload: bytes, signature: str | None) -> StripeEvent:
    """The event, if ``signature`` is Stripe's for ``payload`` under STRIPE_WEBHOOK_SECRET.

    The signature is checked on the raw text first; then the body must be a usable event
    (``stripe_events.read_event``), else ``MalformedEvent`` names what is wrong.
    """
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise BadSignature("STRIPE_WEBHOOK_SECRET is not set: webhooks cannot be verified.")
    if not signature:
        raise BadSignature("Missing Stripe-Signature header.")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        raise BadSignature("The payload is not UTF-8 text.") from None
    try:
        stripe.WebhookSignature.verify_header(
            text, signature, secret, stripe.Webhook.DEFAULT_TOLERANCE
        )
    except stripe.SignatureVerificationError as exc:
        raise BadSignature(f"Bad Stripe-Signature: {exc.user_message or exc}") from None
    try:
        data = json.loads(text, parse_constant=float)
    except RecursionError:
        raise MalformedEvent(field_nested_too_deep(text), TOO_DEEP) from None
    except ValueError:
        raise MalformedEvent("event", "The payload is not JSON.") from None
    return read_event(data)


def subscription_state(subscription_id: str) -> SubscriptionState:
    """The subscription as Stripe has it now (needs a Stripe key)."""
    try:
        subscription = _client().v1.subscriptions.retrieve(subscription_id)
    except stripe.StripeError as exc:
        raise ProviderError(exc.user_message or str(exc)) from None
    return state_of(subscription)  # a StripeObject is a dict


class ProviderError(Exception):
    """Stripe refused or could not be reached."""


def change_price_at_renewal(
    subscription_id: str,
    *,
    product_id: str,
    amount_cents: int,
    currency: str,
    price_id: str | None = None,
) -> None:
    """Charge a new monthly price from the subscription's next renewal on (no proration: the
    period already paid stays as it was): the tier's own Price ``price_id`` when given, else an
    amount of this client's (a risk surcharge makes it their own)."""
    if price_id:
        item = {"price": price_id}
    else:
        item = {
            "price_data": {
                "currency": currency,
                "product": product_id,
                "unit_amount": amount_cents,
                "recurring": {"interval": "month"},
            }
        }
    try:
        client = _client()
        subscription = client.v1.subscriptions.retrieve(subscription_id)
        item_id = subscription["items"]["data"][0]["id"]
        client.v1.subscriptions.update(
            subscription_id,
            {"items": [{"id": item_id, **item}], "proration_behavior": "none"},
        )
    except stripe.StripeError as exc:
        raise ProviderError(exc.user_message or str(exc)) from None


def cancel_subscription(subscription_id: str) -> None:
    """End a Stripe subscription now (a deleted client is charged no more)."""
    try:
        _client().v1.subscriptions.cancel(subscription_id)
    except stripe.InvalidRequestError as exc:
        if exc.code == "resource_missing":  # already gone at Stripe: nothing left to cancel
            return
        raise ProviderError(exc.user_message or str(exc)) from None
    except stripe.StripeError as exc:
        raise ProviderError(exc.user_message or str(exc)) from None
