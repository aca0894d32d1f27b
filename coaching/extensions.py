"""What coaching asks the apps built on it, through the signals of ``coaching.signals`` (the one
way apps plug into each other), so coaching never imports them. Each function sends its signal
and puts the receivers' answers together."""

from __future__ import annotations

from coaching.models import Client
from coaching.signals import client_list_annotations, price_impact_asked, tier_check, tier_options


def annotate_clients(queryset):
    """The client queryset with every app's list annotations (``tier_id_annotation``,
    ``level_annotation``, ...)."""
    for _receiver, answer in client_list_annotations.send(sender=Client, queryset=queryset):
        if answer:
            queryset = queryset.annotate(**answer)
    return queryset


def tier_is_valid(organization, tier_id: int) -> bool:
    return all(
        answer
        for _receiver, answer in tier_check.send(
            sender=Client, organization=organization, tier_id=tier_id
        )
    )


def tier_choices(organization) -> list[tuple[int, str]]:
    return [
        choice
        for _receiver, choices in tier_options.send(sender=Client, organization=organization)
        for choice in choices or []
    ]


def price_impact(client, risk: str | None) -> dict | None:
    for _receiver, impact in price_impact_asked.send(sender=Client, client=client, risk=risk):
        if impact is not None:
            return impact
    return None
