"""Money and hours read the same on every page, through Django's localization."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from coaching.formatting import amount, code_words, hours, money


@pytest.mark.parametrize(
    ("value", "currency", "shown"),
    [
        (Decimal("5309"), "usd", "5,309 USD"),
        (5309.4, "USD", "5,309.40 USD"),
        (Decimal("686.00"), "eur", "686 EUR"),
        (Decimal("49.50"), "gbp", "49.50 GBP"),
        (Decimal("1234567"), "usd", "1,234,567 USD"),
        (0, "usd", "0 USD"),
        (None, "usd", "—"),
    ],
)
def test_money_groups_thousands_and_shows_cents_only_when_there_are_any(value, currency, shown):
    assert money(value, currency) == shown


def test_an_amount_is_the_same_figure_without_its_currency():
    assert amount(Decimal("3237.00")) == "3,237"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (24, "24 h"),
        (24.0, "24 h"),
        (12.84, "12.8 h"),
        (Decimal("1.00"), "1 h"),
        (0.25, "15 min"),
        (1500, "1,500 h"),
        (None, "—"),
    ],
)
def test_hours_drop_a_trailing_zero_and_read_minutes_under_an_hour(value, shown):
    assert hours(value) == shown


def test_a_code_reads_as_words():
    assert code_words("exercise_selection") == "Exercise selection"
    assert code_words("skipped_patterns") == "Skipped patterns"


def test_the_filters_need_no_load_tag_in_a_template():
    rendered = Template("{{ p|money:'usd' }} · {{ h|hours }} · {{ t|code_words }}").render(
        Context({"p": Decimal("99.00"), "h": 24.0, "t": "session_length"})
    )

    assert rendered == "99 USD · 24 h · Session length"


def test_a_day_from_a_link_reads_as_a_day_and_nonsense_reads_as_nothing():
    template = Template('{{ d|as_date|date:"l j F"|default:"that day" }}')

    assert template.render(Context({"d": "2026-12-04"})) == "Friday 4 December"
    assert template.render(Context({"d": "2026-13-45"})) == "that day"
    assert template.render(Context({"d": "<script>"})) == "that day"
