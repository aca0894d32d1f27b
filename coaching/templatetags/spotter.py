from django import template
from django.utils.dateparse import parse_date

from coaching import formatting

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}`` for dicts and QueryDicts (None when missing)."""
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def money(value, currency=""):
    """``{{ tier.monthly_price|money:tier.currency }}`` → "5,309 USD"."""
    return formatting.money(value, currency or "")


@register.filter
def amount(value):
    """``{{ figure|amount }}``: a sum of money whose currency is said nearby → "5,309"."""
    return formatting.amount(value)


@register.filter
def hours(value):
    """``{{ tier.response_hours.yellow|hours }}`` → "24 h"."""
    return formatting.hours(value)


@register.filter
def code_words(value):
    """``{{ topic|code_words }}``: "exercise_selection" → "Exercise selection"."""
    return formatting.code_words(value)


@register.filter
def as_date(value):
    """``{{ request.GET.missed|as_date|date:"l j F" }}``: an ISO day from a link, as a date to
    format (None when it is not one), so a person never reads "2026-12-04"."""

    try:
        return parse_date(str(value or ""))
    except ValueError:
        return None


@register.filter
def one_of(value, names: str) -> bool:
    """``url_name|one_of:"coach_clients coach_client"``: equal to one of the space-separated
    names (a template's ``in`` with a string would match any part of it)."""
    return value in names.split()
