from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = "Billing: tiers, review policy, subscriptions"

    def ready(self):
        from billing import hooks
        from coaching.signals import (
            client_list_annotations,
            intake_approved,
            invitation_accepted,
            price_impact_asked,
            tier_check,
            tier_options,
        )

        client_list_annotations.connect(hooks.tier_annotations, dispatch_uid="billing_tier")
        tier_check.connect(hooks.tier_exists, dispatch_uid="billing_tier_exists")
        tier_options.connect(hooks.tier_choices, dispatch_uid="billing_tier_choices")
        invitation_accepted.connect(
            hooks.subscribe_invited_client, dispatch_uid="billing_subscribe"
        )
        price_impact_asked.connect(hooks.price_impact, dispatch_uid="billing_price_impact")
        intake_approved.connect(hooks.reprice_after_intake, dispatch_uid="billing_reprice")

        from billing.erasure import anonymize_client_billing
        from coaching.signals import client_anonymized

        client_anonymized.connect(anonymize_client_billing, dispatch_uid="billing_erasure")
