from decimal import Decimal

import pytest

from billing.core import validation
from billing.core.pricing import price_for

D = Decimal


@pytest.mark.parametrize(
    ("risk", "surcharge", "total"),
    [
        (None, "0.00", "79.00"),
        ("", "0.00", "79.00"),
        ("low", "0.00", "79.00"),
        ("moderate", "15.00", "94.00"),
        ("high", "35.00", "114.00"),
    ],
)
def test_the_price_adds_the_surcharge_of_the_clients_risk(risk, surcharge, total):
    price = price_for(D("79"), D("15"), D("35"), risk)

    assert (price.base, price.surcharge, price.total) == (D("79.00"), D(surcharge), D(total))


def test_the_price_in_cents_rounds_to_the_cent():
    assert price_for(D("19.99"), D("0.01"), D("0"), "moderate").total_cents == 2000


def test_an_unknown_risk_is_refused():
    with pytest.raises(ValueError):
        price_for(D("1"), D("0"), D("0"), "extreme")


@pytest.mark.parametrize(("raw", "clean"), [("USD", "usd"), ("eur", "eur"), (" Gbp ", "gbp")])
def test_a_currency_code_is_accepted_in_any_case_and_stored_lower(raw, clean):
    assert validation.clean_currency(raw) == clean


@pytest.mark.parametrize("raw", ["", "dollars", "XXX1", "abc"])
def test_a_currency_that_is_not_iso_4217_is_refused(raw):
    with pytest.raises(ValueError, match="ISO 4217"):
        validation.clean_currency(raw)


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ({"auto_apply": {"red": ["deload"]}}, "red"),
        ({"auto_apply": {"green": ["new_program"]}}, "new program"),
        ({"auto_apply": {"green": ["teleport"]}}, "Unknown kinds"),
        ({"auto_apply": {"green": "deload"}}, "list"),
        ({"auto_apply": []}, "level"),
        ({"review_cadence": "hourly"}, "review_cadence"),
        ("weekly", "object"),
    ],
)
def test_a_bad_review_policy_is_refused_with_a_reason(policy, message):
    with pytest.raises(ValueError, match=message):
        validation.clean_review_policy(policy)


@pytest.mark.parametrize(
    "hours",
    [
        {"yellow": 0, "routine": 24},
        {"yellow": -1, "routine": 24},
        {"yellow": 12},
        {"yellow": "soon", "routine": 24},
        {"yellow": 12, "routine": 24, "red": 2},
        {"yellow": 12, "routine": 100000},
    ],
)
def test_bad_response_hours_are_refused(hours):
    with pytest.raises(ValueError):
        validation.clean_response_hours(hours)


@pytest.mark.parametrize(
    "features",
    [
        {"messaging": "yes"},
        {"live_calls_per_month": -1},
        {"live_calls_per_month": 2.5},
        {"live_calls_per_month": 99},
        {"massage": True},
    ],
)
def test_bad_features_are_refused(features):
    with pytest.raises(ValueError):
        validation.clean_features(features)


@pytest.mark.parametrize(
    "surcharge",
    [
        {"moderate": -1, "high": 0},
        {"moderate": "lots", "high": 0},
        {"moderate": 1.234, "high": 0},
        {"extreme": 5},
        {"moderate": float("nan"), "high": 0},
    ],
)
def test_bad_surcharges_are_refused(surcharge):
    with pytest.raises(ValueError):
        validation.clean_risk_surcharge(surcharge)
