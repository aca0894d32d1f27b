from django import template

from programs.core.prescription_words import number_text, prescription_text, reps_text

register = template.Library()


@register.filter
def prescription(p) -> str:
    """A Prescription as "3 × 5 at 97.5 kg, RPE 8"."""
    return prescription_text(p.sets, p.reps_min, p.reps_max, p.target_load_kg, p.target_rpe)


@register.filter
def kg(value) -> str:
    """A load without trailing zeros: 97.50 → "97.5"."""
    return "" if value is None else number_text(value)


@register.filter
def reps(p) -> str:
    """A prescription's reps: "5" for 5–5, "8–12" for a range."""
    return reps_text(p.reps_min, p.reps_max)
