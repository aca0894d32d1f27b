"""The one question programs/ and triage/ ask billing: what does this client's tier allow?

    decision = review_decision(client, kind="progression", level="green")
    decision.action  # "auto_apply" | "review" | "hold"
    decision.due_at  # when a person must have answered (None when it auto-applies)

It loads the client's tier and calls the pure ``billing.core.policy.auto_apply_or_review``; nothing else in
Spotter reads tiers. ``messaging_for(client)`` answers the other question a tier settles: may the
client message their coach, and how fast is the answer promised?
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from billing.core.policy import (
    AUTO_APPLY,
    CAREFUL_POLICY,
    REVIEW,
    Decision,
    MessagingTerms,
    ReviewPolicy,
    auto_apply_or_review,
    form_feedback_enabled,
    messaging_terms,
    response_hours,
)
from billing.models import Subscription


def policy_for(client) -> ReviewPolicy | None:
    """The review policy of the client's tier; None (the careful default) without a tier."""
    subscription = Subscription.unscoped.select_related("tier").filter(client=client).first()
    return subscription.tier.policy if subscription else None


def review_decision(client, kind: str, level: str, now: datetime | None = None) -> Decision:
    return auto_apply_or_review(
        policy_for(client),
        kind=kind,
        level=level,
        now=now or timezone.now(),
        on_hold=client.automation_hold,
    )


def response_hours_for(client, level: str) -> float:
    """How long a person has to answer this client at this level (for review items)."""
    return response_hours(policy_for(client) or CAREFUL_POLICY, level)


def _policies_for(clients) -> dict[int, ReviewPolicy]:
    """Each client's tier policy (clients without a tier are missing), with one query."""
    if not clients:
        return {}
    return {
        subscription.client_id: subscription.tier.policy
        for subscription in Subscription.unscoped.select_related("tier").filter(
            client_id__any={client.pk for client in clients}
        )
    }


def response_hours_by_client(clients):
    """``response_hours_for`` for many clients with one query (the nightly job's chunks).
    Returns ``hours(client, level)``."""
    policies = _policies_for(clients)

    def hours(client, level: str) -> float:
        return response_hours(policies.get(client.pk) or CAREFUL_POLICY, level)

    return hours


def review_decisions_for(clients, now: datetime | None = None):
    """``review_decision`` for many clients with one query (the nightly job's chunks).

    Returns ``decision(client, kind, level, coach_decides=False)``. ``coach_decides`` marks a
    change the software cannot carry out alone (a schedule change): where the tier would let it
    auto-apply, it waits for the coach instead, due within the tier's response time."""
    now = now or timezone.now()
    policies = _policies_for(clients)

    def decision(client, kind: str, level: str, coach_decides: bool = False) -> Decision:
        policy = policies.get(client.pk)
        answer = auto_apply_or_review(
            policy, kind=kind, level=level, now=now, on_hold=client.automation_hold
        )
        if coach_decides and answer.action == AUTO_APPLY:
            hours = response_hours(policy or CAREFUL_POLICY, level)
            return Decision(
                REVIEW,
                now + timedelta(hours=hours),
                f"A {kind.replace('_', ' ')} is the coach's call, within {hours:g} h.",
                hours,
            )
        return answer

    return decision


def messaging_for(client) -> MessagingTerms:
    """May this client message their coach, and how fast does a coach answer (their tier)?"""
    subscription = Subscription.unscoped.select_related("tier").filter(client=client).first()
    if subscription is None:
        return messaging_terms(None, None)
    return messaging_terms(subscription.tier.policy, subscription.tier.features)


def form_feedback_for(client) -> bool:
    """May this client send their coach form-check videos and photos (their tier)?"""
    subscription = Subscription.unscoped.select_related("tier").filter(client=client).first()
    return form_feedback_enabled(subscription.tier.features if subscription else None)


def messaging_for_clients(client_ids) -> dict[int, MessagingTerms]:
    """``messaging_for`` for many clients with one query; clients without a tier are absent
    (their terms are ``messaging_terms(None, None)``)."""
    return {
        subscription.client_id: messaging_terms(
            subscription.tier.policy, subscription.tier.features
        )
        for subscription in Subscription.unscoped.select_related("tier").filter(
            client_id__in=list(client_ids)
        )
    }
