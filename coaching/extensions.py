"""Where apps that build on coaching plug in, so coaching never imports them.

- ``client_annotators``: functions ``queryset -> queryset`` adding ``tier_id_annotation``
  (billing) or ``level_annotation`` (triage) to client querysets, one subquery each.
- ``tier_validators``: functions ``(organization, tier_id) -> bool`` for invitations.
"""

client_annotators: list = []
tier_validators: list = []
# Functions ``organization -> [(tier_id, label)]`` for the invitation form.
tier_choice_providers: list = []


def annotate_clients(queryset):
    for annotate in client_annotators:
        queryset = annotate(queryset)
    return queryset


def tier_is_valid(organization, tier_id: int) -> bool:
    return all(validate(organization, tier_id) for validate in tier_validators)


def tier_choices(organization) -> list[tuple[int, str]]:
    return [choice for provide in tier_choice_providers for choice in provide(organization)]


# Functions ``(client, risk) -> dict | None`` telling a coach what the risk does to the price.
price_impact_providers: list = []


def price_impact(client, risk: str | None) -> dict | None:
    for provide in price_impact_providers:
        impact = provide(client, risk)
        if impact is not None:
            return impact
    return None
