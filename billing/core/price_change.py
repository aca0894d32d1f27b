"""An owner changes a tier's price: who pays the new one, from when, and what clients read.
Pure: no Django.

The owner chooses. ``EXISTING_TOO``: every client on the tier pays the new price from their next
period (the period already paid stays as it was; without a paid period running, from now), and
is told in their thread before it happens. ``NEW_ONLY``: clients already on the tier keep the
price they have (grandfathered), shown to them as their own price beside what new clients pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

EXISTING_TOO = "existing_too"
NEW_ONLY = "new_only"
APPLIES_TO_CHOICES = [
    (EXISTING_TOO, "Existing clients too, from their next period (they get a notice)"),
    (NEW_ONLY, "New clients only (existing clients keep their price)"),
]
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ExistingClientChange:
    new_total: Decimal
    starts_at: datetime
    now: bool  # no paid period running: the new price applies at once


def change_for_existing_client(
    new_base: Decimal, surcharge: Decimal, period_end: datetime | None, now: datetime
) -> ExistingClientChange:
    """A client already on the tier, when the new price reaches existing clients: the new base
    plus their own risk surcharge, from the end of the period they have paid for (from now when
    none is running)."""
    total = (Decimal(new_base) + Decimal(surcharge)).quantize(CENT)
    if period_end is not None and period_end > now:
        return ExistingClientChange(total, period_end, False)
    return ExistingClientChange(total, now, True)


def price_notice(
    *,
    first_name: str,
    tier_name: str,
    old_total: str,
    new_total: str,
    starts_on: str | None,
) -> str:
    """The message a client gets when their tier's new price reaches them: what changes, from
    when, and that nothing changes before. Prices and the date come formatted."""
    when = (
        f"from your next period, which starts on {starts_on}; until then nothing changes"
        if starts_on
        else "from today"
    )
    return (
        f"Hi {first_name}, a note about your plan: the price of {tier_name} changes from "
        f"{old_total} to {new_total} a month for you, {when}. If you have questions, or would "
        "rather change plans, reply here."
    )


def own_price_line(
    *,
    tier_name: str,
    charged: str,
    list_price: str,
    grandfathered: bool,
    next_price: str | None = None,
    next_from: str | None = None,
) -> str:
    """What a client reads about their own plan: "You are on Hybrid — 99.00 USD a month", with
    "(your price; new clients pay 109.00 USD)" when they kept an older price, or the price that
    is coming and when."""
    line = f"You are on {tier_name} — {charged} a month"
    if next_price and next_from:
        return f"{line}; from {next_from} it is {next_price}."
    if grandfathered and list_price != charged:
        return f"{line} (your price; new clients pay {list_price})."
    return f"{line}."
