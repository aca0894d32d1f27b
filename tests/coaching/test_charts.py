"""The pure chart model: dated values in, SVG geometry out (no database)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from charts import (
    HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MIN_MARKER_WIDTH,
    WIDTH,
    Band,
    describe,
    format_day,
    format_number,
    format_percent,
    line_chart,
    worst_flags,
)

START = date(2026, 9, 1)
END = START + timedelta(days=10)
LEFT, RIGHT = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
TOP, BOTTOM = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM


def day(n: int) -> date:
    return START + timedelta(days=n)


def chart(values, **kwargs):
    kwargs.setdefault("start", START)
    kwargs.setdefault("end", END)
    return line_chart(values, **kwargs)


# --- where values land -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "x"),
    [(0, LEFT), (10, RIGHT), (5, (LEFT + RIGHT) / 2)],
)
def test_a_day_is_placed_by_its_distance_from_the_start(n, x):
    c = chart([(day(0), 1), (day(n), 2), (day(10), 3)], domain=(0, 4))
    assert [p.x for p in c.points if p.day == day(n)] == [x]


@pytest.mark.parametrize(
    ("value", "y"),
    [
        (0.0, BOTTOM),
        (1.0, TOP),
        (0.5, (TOP + BOTTOM) / 2),
        (1.7, TOP),  # outside a fixed domain: drawn at its edge
        (-0.3, BOTTOM),
    ],
)
def test_a_value_is_placed_on_the_fixed_domain(value, y):
    c = chart([(day(0), 0.5), (day(1), value)], domain=(0, 1))
    assert c.points[1].y == y


def test_without_a_domain_the_values_and_band_fill_the_plot_with_room():
    c = chart([(day(0), 100), (day(1), 110)], band=Band(120, 5))
    low, high = c.domain
    assert low < 100 and high > 125
    assert all(TOP <= p.y <= BOTTOM for p in c.points)


def test_a_flat_series_without_a_domain_still_gets_a_range():
    c = chart([(day(0), 80), (day(1), 80)])
    low, high = c.domain
    assert low < 80 < high
    assert c.points[0].y == c.points[1].y


def test_values_are_read_in_day_order_whatever_order_they_come_in():
    c = chart([(day(3), 3), (day(1), 1), (day(2), 2)], domain=(0, 5))
    assert [p.day for p in c.points] == [day(1), day(2), day(3)]


def test_the_last_value_given_for_a_day_wins():
    c = chart([(day(1), 1), (day(1), 4), (day(2), 2)], domain=(0, 5))
    assert [p.value for p in c.points] == [4, 2]


def test_values_outside_the_range_are_left_out():
    c = chart([(day(-1), 1), (day(0), 2), (day(10), 3), (day(11), 4)], domain=(0, 5))
    assert [p.value for p in c.points] == [2, 3]


def test_decimal_like_values_become_floats():

    c = chart([(day(0), Decimal("102.5")), (day(1), Decimal("105.0"))])
    assert [p.value for p in c.points] == [102.5, 105.0]


def test_a_point_carries_a_label_with_its_date_and_value():
    c = chart([(day(0), 0.5), (day(1), 0.75)], domain=(0, 1), format_value=format_percent)
    assert c.points[1].label == "2 Sep: 75%"


# --- gaps, not interpolation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "max_gap", "runs"),
    [
        ([0, 1, 2, 3], 1, [4]),
        ([0, 1, 3, 4], 1, [2, 2]),  # day 2 missing: two lines
        ([0, 2, 4, 6], 1, []),  # every other day: only dots
        ([0, 2, 4, 6], 2, [4]),
        ([0, 7, 14, 28], 10, [3]),  # weekly check-ins, then a missed week breaks the line
        ([0, 1, 2, 9, 10], 1, [3, 2]),
    ],
)
def test_values_further_apart_than_the_gap_are_not_joined(days, max_gap, runs):
    c = chart(
        [(day(n), n) for n in days],
        end=day(max(days)),
        domain=(0, 30),
        max_gap_days=max_gap,
    )
    assert [len(line.split()) for line in c.lines] == runs
    assert len(c.points) == len(days)  # every value still shows as a dot


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_a_missing_value_is_a_hole_not_a_zero(missing):
    c = chart([(day(0), 1), (day(1), missing), (day(2), 1)], domain=(0, 2))
    assert [p.day for p in c.points] == [day(0), day(2)]
    assert c.lines == ()


def test_the_line_points_are_the_dots_coordinates():
    c = chart([(day(0), 0), (day(1), 1)], domain=(0, 1))
    assert c.lines == (f"{LEFT:g},{BOTTOM:g} {c.points[1].x:g},{TOP:g}",)


# --- empty state ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [[], [(day(0), 3)], [(day(0), None), (day(1), None)], [(day(20), 1), (day(21), 2)]],
)
def test_too_little_data_gives_an_empty_chart_with_nothing_drawn(values):
    c = chart(values, band=Band(3, 1), flags={day(1): "red"}, domain=(1, 5))
    assert c.empty
    assert (c.points, c.lines, c.band, c.markers, c.x_ticks, c.y_ticks) == (
        (),
        (),
        None,
        (),
        (),
        (),
    )


def test_the_minimum_number_of_points_is_the_callers_choice():
    values = [(day(0), 1), (day(1), 2)]
    assert chart(values, min_points=3).empty
    assert not chart(values, min_points=2).empty


def test_a_chart_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        line_chart([], start=END, end=START)


# --- the band ------------------------------------------------------------------------------


def test_the_band_spans_mean_minus_to_plus_the_spread():
    c = chart([(day(0), 1), (day(1), 5)], band=Band(3, 1), domain=(1, 5))
    band = c.band
    assert (band.y, band.y + band.height) == (
        pytest.approx(TOP + (BOTTOM - TOP) / 4),
        pytest.approx(TOP + 3 * (BOTTOM - TOP) / 4),
    )
    assert band.mean_y == pytest.approx((TOP + BOTTOM) / 2)
    assert (band.x, band.width) == (LEFT, RIGHT - LEFT)


def test_a_band_reaching_past_the_domain_is_clipped_to_the_plot():
    c = chart([(day(0), 0.5), (day(1), 0.9)], band=Band(0.95, 0.1), domain=(0, 1))
    assert c.band.y == TOP
    assert c.band.band.high == pytest.approx(1.05)  # the text still says the real band


def test_a_mean_outside_the_domain_has_no_mean_line():
    c = chart([(day(0), 2), (day(1), 3)], band=Band(6, 2), domain=(1, 5))
    assert c.band.mean_y is None


def test_no_baseline_means_no_band():
    assert chart([(day(0), 2), (day(1), 3)], domain=(1, 5)).band is None


@pytest.mark.parametrize(
    ("value", "where"),
    [(2.0, "below"), (2.5, "within"), (3.0, "within"), (3.5, "within"), (3.6, "above")],
)
def test_a_value_is_below_within_or_above_the_band(value, where):
    assert Band(3.0, 0.5).where(value) == where


# --- flagged days --------------------------------------------------------------------------


def test_yellow_and_red_days_get_a_marker_at_their_day():
    c = chart(
        [(day(0), 1), (day(10), 2)],
        domain=(0, 5),
        flags={day(5): "yellow", day(10): "red"},
        flag_labels={day(5): "6 Sep — yellow: fewer sessions"},
    )
    assert [(m.day, m.level, m.x) for m in c.markers] == [
        (day(5), "yellow", (LEFT + RIGHT) / 2),
        (day(10), "red", RIGHT),
    ]
    assert c.markers[0].label == "6 Sep — yellow: fewer sessions"
    assert c.markers[1].label == "11 Sep: red"


def test_a_flagged_day_is_a_strip_one_day_wide_kept_inside_the_plot():
    c = chart(
        [(day(0), 1), (day(10), 2)],
        domain=(0, 5),
        flags={day(0): "red", day(5): "red", day(10): "red"},
    )
    width = (RIGHT - LEFT) / 11
    first, middle, last = c.markers
    assert all(m.width == pytest.approx(width, abs=0.1) for m in c.markers)
    assert first.left == LEFT
    assert middle.left == pytest.approx(middle.x - width / 2, abs=0.1)
    assert last.left + last.width == pytest.approx(RIGHT, abs=0.1)


def test_on_a_long_chart_a_flagged_day_is_still_wide_enough_to_see():
    c = line_chart(
        [(START, 1), (START + timedelta(days=1), 2)],
        start=START,
        end=START + timedelta(days=365),
        flags={START + timedelta(days=100): "yellow"},
    )
    assert c.markers[0].width == MIN_MARKER_WIDTH


def test_a_flag_shows_on_a_day_without_a_value():
    c = chart([(day(0), 1), (day(10), 2)], domain=(0, 5), flags={day(4): "red"})
    assert [m.day for m in c.markers] == [day(4)]


@pytest.mark.parametrize("level", ["green", "", "purple"])
def test_other_levels_are_not_markers(level):
    c = chart([(day(0), 1), (day(1), 2)], domain=(0, 5), flags={day(1): level})
    assert c.markers == ()


def test_flags_outside_the_range_are_not_drawn():
    c = chart([(day(0), 1), (day(1), 2)], domain=(0, 5), flags={day(-1): "red", day(11): "yellow"})
    assert c.markers == ()


@pytest.mark.parametrize(
    ("rows", "level"),
    [
        ([("yellow", "a")], "yellow"),
        ([("yellow", "a"), ("red", "b")], "red"),
        ([("red", "b"), ("yellow", "a")], "red"),
        ([("green", ""), ("yellow", "a")], "yellow"),
    ],
)
def test_a_day_with_several_flags_shows_the_worst(rows, level):
    levels, _ = worst_flags([(day(1), lv, why) for lv, why in rows])
    assert levels == {day(1): level}


def test_a_green_day_is_not_flagged():
    assert worst_flags([(day(1), "green", "fine")]) == ({}, {})


def test_the_flag_label_lists_each_reason_once_worst_first():
    _, labels = worst_flags(
        [
            (day(1), "yellow", "fewer sessions"),
            (day(1), "red", "chest pain"),
            (day(1), "yellow", "fewer sessions"),
        ]
    )
    assert labels[day(1)] == "2 Sep — red: chest pain; yellow: fewer sessions"


# --- axes ----------------------------------------------------------------------------------


def test_the_date_axis_names_the_first_middle_and_last_day():
    c = chart([(day(0), 1), (day(1), 2)], domain=(0, 5))
    assert [(t.position, t.label) for t in c.x_ticks] == [
        (LEFT, "1 Sep"),
        ((LEFT + RIGHT) / 2, "6 Sep"),
        (RIGHT, "11 Sep"),
    ]


def test_the_value_axis_uses_the_given_ticks_inside_the_domain():
    c = chart(
        [(day(0), 0.2), (day(1), 0.8)],
        domain=(0, 1),
        y_tick_values=(0, 0.5, 1, 1.5),
        format_value=format_percent,
    )
    assert [(t.position, t.label) for t in c.y_ticks] == [
        (BOTTOM, "0%"),
        ((TOP + BOTTOM) / 2, "50%"),
        (TOP, "100%"),
    ]


def test_without_given_ticks_the_value_axis_has_low_middle_and_high():
    c = chart([(day(0), 1), (day(1), 5)], domain=(1, 5))
    assert [t.label for t in c.y_ticks] == ["1", "3", "5"]


def test_a_one_day_chart_does_not_divide_by_zero():
    c = line_chart([(START, 1), (START, 2)], start=START, end=START, min_points=1)
    assert c.points[0].x == LEFT


# --- words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"), [(3, "3"), (3.25, "3.2"), (3.26, "3.3"), (142.5, "142.5"), (0.0, "0")]
)
def test_numbers_are_written_with_one_decimal_at_most(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(("value", "text"), [(0.5, "50%"), (1.0, "100%"), (0.876, "88%")])
def test_fractions_are_written_as_percentages(value, text):
    assert format_percent(value) == text


def test_a_day_is_written_day_then_month():
    assert format_day(date(2026, 3, 7)) == "7 Mar"


@pytest.mark.parametrize(
    ("recent", "band", "sentence"),
    [
        (2.1, Band(3.8, 0.4), "Readiness 2.1 this week; usual 3.8 ± 0.4 (below the usual band)."),
        (3.9, Band(3.8, 0.4), "Readiness 3.9 this week; usual 3.8 ± 0.4 (within the usual band)."),
        (None, Band(3.8, 0.4), "No readiness this week; usual 3.8 ± 0.4."),
        (2.1, None, "Readiness 2.1 this week; no usual yet."),
        (2.1, Band(3.0, 0.0), "Readiness 2.1 this week; usual 3."),
    ],
)
def test_the_summary_says_the_recent_value_against_the_usual(recent, band, sentence):
    assert describe("Readiness", recent, "this week", band) == sentence


def test_the_summary_carries_the_unit_and_format():
    assert (
        describe("Squat", 142.5, "on 3 Nov", Band(150, 3.25), unit="kg")
        == "Squat 142.5 kg on 3 Nov; usual 150 ± 3.2 kg (below the usual band)."
    )
    assert describe("Completion", 0.5, "now", Band(0.9, 0.05), format_value=format_percent) == (
        "Completion 50% now; usual 90% ± 5% (below the usual band)."
    )
