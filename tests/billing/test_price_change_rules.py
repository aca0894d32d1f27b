"""An owner's price change as pure rules: who pays what, from when, and the words clients read."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from billing.core.price_change import (
    change_for_existing_client,
    own_price_line,
    price_notice,
)

NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)


def test_an_existing_client_pays_the_new_base_plus_their_surcharge_from_their_next_period():
    period_end = NOW + timedelta(days=12)

    change = change_for_existing_client(Decimal("109"), Decimal("15"), period_end, NOW)

    assert (change.new_total, change.starts_at, change.now) == (
        Decimal("124.00"),
        period_end,
        False,
    )


@pytest.mark.parametrize("period_end", [None, NOW - timedelta(days=1), NOW])
def test_without_a_paid_period_running_the_new_price_applies_now(period_end):
    change = change_for_existing_client(Decimal("109"), Decimal("0"), period_end, NOW)

    assert (change.starts_at, change.now) == (NOW, True)


def test_the_notice_says_old_and_new_price_and_that_nothing_changes_before_the_next_period():
    text = price_notice(
        first_name="Ana",
        tier_name="Hybrid",
        old_total="99.00 USD",
        new_total="109.00 USD",
        starts_on="3 January 2027",
    )

    assert text.startswith("Hi Ana, a note about your plan: the price of Hybrid changes from ")
    assert "99.00 USD to 109.00 USD a month for you" in text
    assert "starts on 3 January 2027; until then nothing changes" in text


def test_the_notice_without_a_running_period_says_from_today():
    text = price_notice(
        first_name="Ana",
        tier_name="Hybrid",
        old_total="99.00 USD",
        new_total="89.00 USD",
        starts_on=None,
    )

    assert "from today" in text


def test_a_grandfathered_client_reads_their_own_price_beside_what_new_clients_pay():
    line = own_price_line(
        tier_name="Hybrid", charged="99.00 USD", list_price="109.00 USD", grandfathered=True
    )

    assert line == "You are on Hybrid — 99.00 USD a month (your price; new clients pay 109.00 USD)."


def test_a_client_on_the_list_price_reads_just_their_price():
    line = own_price_line(
        tier_name="Hybrid", charged="109.00 USD", list_price="109.00 USD", grandfathered=False
    )

    assert line == "You are on Hybrid — 109.00 USD a month."


def test_a_grandfathered_client_with_a_surcharge_still_reads_it_as_their_price():
    line = own_price_line(
        tier_name="Hybrid", charged="114.00 USD", list_price="124.00 USD", grandfathered=True
    )

    assert "(your price; new clients pay 124.00 USD)" in line


def test_a_coming_price_is_shown_with_its_date():
    line = own_price_line(
        tier_name="Hybrid",
        charged="99.00 USD",
        list_price="109.00 USD",
        grandfathered=False,
        next_price="109.00 USD",
        next_from="3 January 2027",
    )

    assert line == "You are on Hybrid — 99.00 USD a month; from 3 January 2027 it is 109.00 USD."
