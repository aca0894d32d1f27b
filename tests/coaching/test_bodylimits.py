"""The pure rules for what a JSON body and a date may be (coaching.core.bodylimits, .daterange)."""

from datetime import date

import pytest

from coaching.core.bodylimits import (
    MAX_JSON_DEPTH,
    NOT_FINITE,
    NUL_CHARACTER,
    TOO_DEEP,
    WHOLE_BODY,
    field_nested_too_deep,
    json_body_problem,
)
from coaching.core.daterange import day_problem


def nested(depth: int):
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        {"notes": "fine", "load": -2.5, "reps": 0, "flag": False, "none": None},
        {"payload": {"weeks": [{"workouts": [{"sets": [1, 2]}]}]}},
        {"x": nested(MAX_JSON_DEPTH - 1)},
        "just text",
        12,
    ],
)
def test_ordinary_bodies_have_no_problem(data):
    assert json_body_problem(data) is None


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"x": nested(MAX_JSON_DEPTH)}, ("x", TOO_DEEP)),
        (nested(MAX_JSON_DEPTH + 1), (WHOLE_BODY, TOO_DEEP)),
        ({"mood": float("inf")}, ("mood", NOT_FINITE)),
        ({"a": {"b": [1, float("-inf")]}}, ("a", NOT_FINITE)),
        ({"a": float("nan")}, ("a", NOT_FINITE)),
        ([1.0, float("nan")], (WHOLE_BODY, NOT_FINITE)),
        ({"notes": "a\x00b"}, ("notes", NUL_CHARACTER)),
        ({"extra": {"k\x00": "v"}}, ("extra", NUL_CHARACTER)),
        ({"extra": ["ok", ["deep\x00"]]}, ("extra", NUL_CHARACTER)),
        ({"bad\x00key": 1}, ("bad\x00key", NUL_CHARACTER)),
    ],
)
def test_each_problem_is_named_by_its_top_level_field(data, expected):
    assert json_body_problem(data) == expected


def test_a_deep_body_is_checked_without_recursion():
    assert json_body_problem({"x": nested(100_000)}) == ("x", TOO_DEEP)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"a": 1, "deep": ' + "[" * 50 + "]" * 50 + "}", "deep"),
        ('{"a": "[[[[[[", "b": {"c": ' + "{" * 40 + "}" * 40 + "}}", "b"),
        ('{"k\\"ey": ' + "[" * 40 + "]" * 40 + "}", 'k"ey'),
        ("[" * 40 + "]" * 40, WHOLE_BODY),
        ('{"a": ["b", ' + "[" * 40, "a"),
    ],
)
def test_the_field_of_a_body_too_deep_to_parse_is_found_from_its_text(text, field):
    assert field_nested_too_deep(text) == field


TODAY = date(2026, 3, 15)


@pytest.mark.parametrize("day", [date(2000, 1, 1), TODAY, date(2027, 3, 15)])
def test_days_from_2000_to_a_year_ahead_are_accepted(day):
    assert day_problem(day, TODAY) is None


@pytest.mark.parametrize(
    "day",
    [date(1, 1, 1), date(1900, 6, 1), date(1999, 12, 31), date(2027, 3, 17), date(9999, 12, 31)],
)
def test_days_before_2000_or_over_a_year_ahead_are_refused(day):
    assert day_problem(day, TODAY)


def test_a_day_far_ahead_is_accepted_where_no_limit_ahead_applies():
    assert day_problem(date(9999, 12, 31), TODAY, max_days_ahead=None) is None
