"""Risk-based pricing: a tier's base price plus the surcharge for the client's risk segment.

Until an intake says otherwise a client is priced as low risk (no surcharge).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
RISK_LEVELS = ("low", "moderate", "high")


@dataclass(frozen=True)
class Price:
    base: Decimal
    surcharge: Decimal
    total: Decimal

    @property
    def total_cents(self) -> int:
        return int((self.total * 100).to_integral_value(ROUND_HALF_UP))


def price_for(
    monthly_price: Decimal, surcharge_moderate: Decimal, surcharge_high: Decimal, risk: str | None
) -> Price:
    """Base + the surcharge of the client's risk (none for low or unknown risk)."""
    if risk not in (None, "", *RISK_LEVELS):
        raise ValueError(f"risk must be one of {RISK_LEVELS}, not {risk!r}")
    surcharge = {"moderate": surcharge_moderate, "high": surcharge_high}.get(risk or "low")
    surcharge = Decimal(surcharge or 0)
    base = Decimal(monthly_price)
    return Price(
        base=base.quantize(CENT),
        surcharge=surcharge.quantize(CENT),
        total=(base + surcharge).quantize(CENT),
    )
