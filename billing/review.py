"""The one question programs/ and triage/ ask billing: what does this client's tier allow?

    decision = review_decision(client, kind="progression", level="green")
    decision.action  # "auto_apply" | "review" | "hold"
    decision.due_at  # when a person must have answered (None when it auto-applies)

It loads the client's tier and calls the pure ``billing.policy.decide``; nothing else in
Spotter reads tiers.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from billing.models import Subscription
from billing.policy import Decision, ReviewPolicy, decide, response_hours


def policy_for(client) -> ReviewPolicy | None:
    """The review policy of the client's tier; None (the careful default) without a tier."""
    subscription = Subscription.unscoped.select_related("tier").filter(client=client).first()
    return subscription.tier.policy if subscription else None


def review_decision(client, kind: str, level: str, now: datetime | None = None) -> Decision:
    return decide(
        policy_for(client),
        kind=kind,
        level=level,
        now=now or timezone.now(),
        on_hold=client.automation_hold,
    )


def response_hours_for(client, level: str) -> float:
    """How long a person has to answer this client at this level (for review items)."""
    from billing.policy import CAREFUL_POLICY

    return response_hours(policy_for(client) or CAREFUL_POLICY, level)
