"""Prescriptions read as a lifter writes them."""

from decimal import Decimal

import pytest

from programs.core.prescription_words import number_text, prescription_text, reps_text


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((3, 5, 5, Decimal("97.50"), Decimal("8.0")), "3 × 5 at 97.5 kg, RPE 8"),
        ((3, 8, 12, None, Decimal("7.5")), "3 × 8–12, RPE 7.5"),
        ((2, 10, 10, None, None), "2 × 10"),
        ((4, 6, 8, Decimal("100.00"), None), "4 × 6–8 at 100 kg"),
        ((5, 3, None, 142.25, 9), "5 × 3 at 142.25 kg, RPE 9"),
        ((3, 12, 8, Decimal("0.00"), None), "3 × 8–12"),
    ],
)
def test_a_prescription_reads_as_a_lifter_writes_it(args, text):
    assert prescription_text(*args) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("97.50"), "97.5"),
        (Decimal("100.00"), "100"),
        (8.0, "8"),
        (20, "20"),
        (2.25, "2.25"),
    ],
)
def test_numbers_drop_trailing_zeros(value, text):
    assert number_text(value) == text


def test_equal_ends_of_a_rep_range_read_as_one_number():
    assert (reps_text(5, 5), reps_text(8, 12)) == ("5", "8–12")
