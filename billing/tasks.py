from celery import shared_task
from django.db import transaction

from billing.models import Tier, TierPrice
from billing.services import sync_tier_to_stripe
from coaching.models import Organization
from coaching.tenancy import tenant_scope


@shared_task(
    name="billing.tasks.sync_tier", autoretry_for=(Exception,), retry_backoff=True, max_retries=5
)
def sync_tier(organization_id: int, tier_id: int) -> None:
    """Create or update a tier's Stripe product and price after an owner saved it."""
    organization = Organization.objects.get(pk=organization_id)
    with transaction.atomic(), tenant_scope(organization):
        tier = Tier.objects.select_related("organization").filter(pk=tier_id).first()
        if tier is not None:
            sync_tier_to_stripe(tier)


@shared_task(
    name="billing.tasks.apply_price_change",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def apply_price_change(organization_id: int, version_id: int) -> None:
    """Version the tier's Stripe price after an owner changed it, and move the clients who pay
    the new price to it from their next renewal."""
    from billing.price_changes import sync_price_version

    organization = Organization.objects.get(pk=organization_id)
    with transaction.atomic(), tenant_scope(organization):
        version = TierPrice.objects.filter(pk=version_id).first()
        if version is not None:
            sync_price_version(version)
