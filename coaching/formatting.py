"""Money, hours and codes as a person reads them, through Django's localization.

One owner for these words: the template filters in ``coaching/templatetags/spotter.py`` and
any Python that writes a label (a tier's choice in a form, a chart's figure) call these, so a
price reads "5,309 USD" on every page, never "5309 USD" beside "5,309 USD" or "686.00".
"""

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format

MINUTES_BELOW_HOURS = 1  # under an hour, a time reads in minutes ("30 min", not "0.5 h")


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def amount(value) -> str:
    """A sum of money without its currency: grouped thousands, and cents only when there are
    any ("5,309", "49", "49.50")."""
    number = _decimal(value)
    if number is None:
        return ""
    places = 0 if number == number.to_integral_value() else 2
    return number_format(number, places, use_l10n=True, force_grouping=True)


def money(value, currency: str = "") -> str:
    """A sum of money with its currency code: "5,309 USD", "49.50 EUR"."""
    shown = amount(value)
    if not shown:
        return "—"
    return f"{shown} {currency.upper()}".strip()


def hours(value) -> str:
    """A duration given in hours: "24 h", "12.8 h"; under an hour in minutes ("15 min")."""
    number = _decimal(value)
    if number is None:
        return "—"
    if 0 < number < MINUTES_BELOW_HOURS:
        return f"{round(number * 60)} min"
    rounded = round(number, 1)
    places = 0 if rounded == rounded.to_integral_value() else 1
    return f"{number_format(rounded, places, use_l10n=True, force_grouping=True)} h"


def code_words(code) -> str:
    """A code a person should never read ("exercise_selection") in words ("Exercise
    selection"), for the few places that show a code with no label of its own."""
    text = str(code or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]
