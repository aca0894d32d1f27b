"""A prescription in the words a lifter writes: "3 × 5 at 97.5 kg, RPE 8". Pure: no Django.

One range of reps reads as one number when both ends agree ("3 × 5", not "3 × 5–5"); loads and
RPEs drop trailing zeros ("97.5 kg", "100 kg", "RPE 8", "RPE 7.5"); an exercise without a load
reads without one.
"""

from __future__ import annotations

from decimal import Decimal


def number_text(value: float | Decimal | int) -> str:
    """A number without trailing zeros: 97.50 → "97.5", 100.00 → "100", 8.0 → "8"."""
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def reps_text(reps_min: int, reps_max: int | None = None) -> str:
    """ "5" for 5–5, "8–12" for a range (the lower end first, whatever order they came in)."""
    if reps_max is None or reps_max == reps_min:
        return str(reps_min)
    low, high = sorted((reps_min, reps_max))
    return f"{low}–{high}"


def prescription_text(
    sets: int,
    reps_min: int,
    reps_max: int | None = None,
    load_kg: float | Decimal | None = None,
    rpe: float | Decimal | None = None,
) -> str:
    """ "3 × 5 at 97.5 kg, RPE 8"; "3 × 8–12, RPE 7.5"; "2 × 10" (no load, no RPE)."""
    text = f"{sets} × {reps_text(reps_min, reps_max)}"
    if load_kg is not None and Decimal(str(load_kg)) > 0:
        text += f" at {number_text(load_kg)} kg"
    if rpe is not None:
        text += f", RPE {number_text(rpe)}"
    return text
