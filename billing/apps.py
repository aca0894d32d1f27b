from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = "Billing: tiers, review policy, subscriptions"

    def ready(self):
        from billing import hooks
        from coaching import extensions
        from coaching.signals import intake_approved, invitation_accepted

        extensions.client_annotators.append(hooks.annotate_tier)
        extensions.tier_validators.append(hooks.tier_exists)
        extensions.tier_choice_providers.append(hooks.tier_choices)
        invitation_accepted.connect(
            hooks.subscribe_invited_client, dispatch_uid="billing_subscribe"
        )
        extensions.price_impact_providers.append(hooks.price_impact)
        intake_approved.connect(hooks.reprice_after_intake, dispatch_uid="billing_reprice")

        from billing.erasure import anonymize_client_billing
        from coaching.signals import client_anonymized

        client_anonymized.connect(anonymize_client_billing, dispatch_uid="billing_erasure")
