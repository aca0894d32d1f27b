from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = "Billing: tiers, review policy, subscriptions"

    def ready(self):
        from billing import hooks
        from coaching import extensions
        from coaching.signals import invitation_accepted

        extensions.client_annotators.append(hooks.annotate_tier)
        extensions.tier_validators.append(hooks.tier_exists)
        extensions.tier_choice_providers.append(hooks.tier_choices)
        invitation_accepted.connect(
            hooks.subscribe_invited_client, dispatch_uid="billing_subscribe"
        )
