"""Cells a spreadsheet would run as a formula are neutralized in every CSV Spotter writes."""

import pytest

from coaching.core.spreadsheet import spreadsheet_safe


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ('=HYPERLINK("http://evil.test","click")', '\'=HYPERLINK("http://evil.test","click")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
    ],
)
def test_a_cell_that_starts_like_a_formula_is_prefixed_with_a_quote(text, cell):
    assert spreadsheet_safe(text) == cell


@pytest.mark.parametrize(
    "text",
    ["", "my back hurts", "1+1=2", "a=b", "'=already quoted", " =space first", "100", "7.5"],
)
def test_ordinary_text_is_left_as_it_is(text):
    assert spreadsheet_safe(text) == text


@pytest.mark.parametrize("number", ["-5", "-2.5", "-0.25", "+3", "-1e3", "-12.50"])
def test_a_number_stays_a_number(number):
    assert spreadsheet_safe(number) == number
