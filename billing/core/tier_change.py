"""When a client's own change of tier takes effect: pure, no Django.

A client may not buy more for nothing: a dearer tier waits until it is paid (Stripe Checkout, or
the owner marking the payment in manual mode). A cheaper tier starts with the next period, since
the current one is paid for; without a paid period running it starts now, as does a tier at the
same price. Staff moving a client decide for the business and are not held by this rule.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

NOW = "now"
ON_PAYMENT = "on_payment"
NEXT_PERIOD = "next_period"
PENDING_CHOICES = [(ON_PAYMENT, "once paid"), (NEXT_PERIOD, "from the next period")]


def tier_change_timing(
    current_total: Decimal | float,
    new_total: Decimal | float,
    period_end: datetime | None,
    now: datetime,
) -> str:
    """NOW, ON_PAYMENT or NEXT_PERIOD for a client moving from a price to another."""
    if Decimal(str(new_total)) > Decimal(str(current_total)):
        return ON_PAYMENT
    if Decimal(str(new_total)) < Decimal(str(current_total)) and period_end and period_end > now:
        return NEXT_PERIOD
    return NOW
