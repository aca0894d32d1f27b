"""Strong and Hevy exports read into one row per set: pure parsing, no database."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from programs.importers import (
    LBS_TO_KG,
    SET_COLUMNS,
    ParsedImport,
    RowError,
    UnknownFormat,
    parse_export,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
)
STRONG_EXPECTED = (
    "Expected: Date, Workout Name, Exercise Name, Set Order, Weight, Reps."  # the message's tail
)


def parse(fixture: str, fmt: str, **kwargs) -> ParsedImport:
    return parse_export((FIXTURES / fixture).read_bytes(), fmt, **kwargs)


def sets_of(result: ParsedImport, exercise: str) -> pd.DataFrame:
    return result.sets[result.sets["exercise_name"] == exercise]


def strong(*rows: str) -> bytes:
    return (STRONG_HEADER + "\n".join(rows) + "\n").encode()


def large_strong_export(years: int = 5, seed: int = 7) -> tuple[bytes, int, int]:
    """A Strong export of about 50,000 sets over ``years`` years, with (data, sets, sessions).

    Four sessions a week, six exercises each, two warm-ups and six working sets of each, a few
    notes with commas, a cardio finisher now and then (which is not a set)."""
    rng = random.Random(seed)
    exercises = [
        "Squat (Barbell)",
        "Bench Press (Barbell)",
        "Deadlift (Barbell)",
        "Overhead Press (Barbell)",
        "Pull Up",
        "Bent Over Row (Barbell)",
        "Lat Pulldown (Cable)",
        "Leg Press",
        "Bicep Curl (Dumbbell)",
        "Triceps Pushdown (Cable - Straight Bar)",
    ]
    lines = [STRONG_HEADER]
    sets = sessions = 0
    day = datetime(2019, 1, 7, 7, 0)
    end = day + timedelta(days=365 * years)
    while day < end:
        for offset in (0, 1, 3, 5):
            start = (day + timedelta(days=offset, minutes=rng.randrange(0, 600))).strftime(
                "%Y-%m-%d %H:%M:00"
            )
            name = rng.choice(["Upper A", "Lower A", "Upper B", "Lower B"])
            duration = f"{rng.randrange(0, 2)}h {rng.randrange(0, 60)}m"
            sessions += 1
            for exercise in rng.sample(exercises, 6):
                order = ["W", "W", "1", "2", "3", "4", "5", "6"]
                for set_order in order:
                    weight = rng.randrange(20, 200) / 2
                    reps = rng.randrange(1, 13)
                    rpe = rng.choice(["", "7", "8", "8.5", "9"])
                    note = rng.choice(["", "", "", '"slow, controlled"'])
                    lines.append(
                        f"{start},{name},{duration},{exercise},{set_order},{weight},{reps},"
                        f"0,0,{note},,{rpe}\n"
                    )
                    sets += 1
            if rng.random() < 0.2:
                lines.append(f"{start},{name},{duration},Running,1,0,0,3.2,1200,,,\n")
        day += timedelta(days=7)
    return "".join(lines).encode(), sets, sessions


# --- Strong -----------------------------------------------------------------------------------


def test_a_strong_comma_export_gives_one_row_per_set_with_the_documented_columns():
    result = parse("strong_comma.csv", "strong")

    assert list(result.sets.columns) == list(SET_COLUMNS)
    assert len(result.sets) == 16
    assert result.sessions == 3
    assert result.errors == ()
    dtypes = result.sets.dtypes
    assert dtypes["performed_at"].kind == "M" and dtypes["reps"].kind == "i"
    assert dtypes["set_index"].kind == "i" and dtypes["is_warmup"].kind == "b"
    assert dtypes["load_kg"].kind == "f" and dtypes["rpe"].kind == "f"


def test_strong_kilograms_stay_and_pounds_become_kilograms():
    result = parse("strong_comma.csv", "strong")

    assert list(sets_of(result, "Bench Press (Barbell)")["load_kg"]) == [40, 60, 80, 80, 80]
    overhead = sets_of(result, "Overhead Press (Barbell)")["load_kg"]
    assert list(overhead) == [round(95 * LBS_TO_KG, 2)] * 2 == [43.09, 43.09]


def test_strong_warm_ups_are_marked_and_drop_and_failure_sets_are_working_sets():
    result = parse("strong_comma.csv", "strong")

    assert list(sets_of(result, "Bench Press (Barbell)")["is_warmup"]) == [
        True,
        True,
        False,
        False,
        False,
    ]
    squat = sets_of(result, "Squat (Barbell)")
    assert list(squat["is_warmup"]) == [True, False, False, False]
    assert squat.iloc[-1]["notes"] == "to failure"
    pushdown = sets_of(result, "Triceps Pushdown (Cable - Straight Bar)")
    assert list(pushdown["is_warmup"]) == [False, False]
    assert list(pushdown["load_kg"]) == [30, 20]


def test_strong_durations_are_read_as_minutes():
    comma = parse("strong_comma.csv", "strong").sets.groupby("workout_name")["duration_minutes"]
    assert comma.first().to_dict() == {"Push, heavy": 65.0, "Legs": 45.0, "Pull": 60.0}

    semicolon = parse("strong_semicolon_weight_unit.csv", "strong").sets
    by_workout = semicolon.groupby("workout_name")["duration_minutes"].first()
    assert by_workout["Oberkörper"] == pytest.approx(50 / 60)
    assert by_workout["Unterkörper"] == 80.0


def test_strong_rpe_is_kept_and_an_empty_rpe_is_nan():
    bench = sets_of(parse("strong_comma.csv", "strong"), "Bench Press (Barbell)")

    assert list(bench["rpe"].fillna(-1)) == [-1, -1, 8.0, 8.5, -1]


def test_quoted_fields_with_commas_inside_are_one_field():
    result = parse("strong_comma.csv", "strong")

    assert set(result.sets["workout_name"]) == {"Push, heavy", "Legs", "Pull"}
    assert "Felt good, bar speed ok" in set(result.sets["notes"])


def test_cardio_and_timed_rows_are_left_out_without_being_errors():
    result = parse("strong_comma.csv", "strong")

    assert not {"Plank", "Running"} & set(result.sets["exercise_name"])
    assert result.errors == ()
    assert result.skipped == 2


def test_a_semicolon_export_with_a_weight_unit_reads_decimal_commas_and_pounds():
    result = parse("strong_semicolon_weight_unit.csv", "strong")

    assert result.errors == ()
    assert result.sessions == 2
    bench = sets_of(result, "Bench Press (Barbell)")
    assert list(bench["load_kg"]) == [40.0, 62.5, 62.5]
    assert list(bench["rpe"].fillna(-1)) == [-1, 7.5, 8.0]
    assert list(bench["is_warmup"]) == [True, False, False]
    assert bench.iloc[1]["notes"] == "Paused; 2s"
    row = sets_of(result, "Bent Over Row (Barbell)")["load_kg"]
    assert list(row) == [round(135 * LBS_TO_KG, 2), round(137.5 * LBS_TO_KG, 2)]
    assert list(sets_of(result, "Deadlift (Barbell)")["load_kg"]) == [102.06]
    assert "Cycling" not in set(result.sets["exercise_name"])
    assert set(result.sets["workout_name"]) == {"Oberkörper", "Unterkörper"}


def test_a_strong_export_without_a_weight_unit_reads_kilograms_unless_told_otherwise():
    in_kg = parse("strong_no_weight_unit.csv", "strong")
    in_lbs = parse("strong_no_weight_unit.csv", "strong", default_unit="lbs")

    assert in_kg.errors == ()
    assert len(in_kg.sets) == 9 and in_kg.sessions == 2
    assert list(sets_of(in_kg, "Squat (Barbell)")["load_kg"]) == [20.0, 102.5, 102.5]
    assert list(sets_of(in_lbs, "Squat (Barbell)")["load_kg"]) == [9.07, 46.49, 46.49]
    assert list(sets_of(in_kg, "Chin Up")["load_kg"]) == [0.0]
    assert dict(in_kg.sets.groupby("workout_name")["duration_minutes"].first()) == {
        "Full Body A": 52.0,
        "Full Body B": 62.0,
    }


def test_strong_dates_become_timezone_naive_session_starts():
    result = parse("strong_comma.csv", "strong")

    starts = sorted(set(result.sets["performed_at"]))
    assert [ts.to_pydatetime() for ts in starts] == [
        datetime(2023, 1, 15, 8, 30),
        datetime(2023, 1, 17, 18, 0),
        datetime(2023, 1, 19, 7, 15),
    ]
    assert result.sets["performed_at"].dt.tz is None


def test_a_bom_and_windows_line_endings_do_not_matter():
    plain = (FIXTURES / "strong_comma.csv").read_bytes()
    windows = b"\xef\xbb\xbf" + plain.replace(b"\n", b"\r\n")

    assert parse_export(windows, "strong").sets.equals(parse_export(plain, "strong").sets)


# --- Hevy -------------------------------------------------------------------------------------


def test_a_hevy_export_in_kilograms_parses_warm_ups_rpe_durations_and_body_weight():
    result = parse("hevy_kg.csv", "hevy")

    assert result.errors == ()
    assert result.sessions == 2 and len(result.sets) == 10
    assert result.skipped == 2  # the plank and the treadmill
    bench = sets_of(result, "Bench Press (Barbell)")
    assert list(bench["load_kg"]) == [40.0, 82.5, 82.5, 82.5]
    assert list(bench["is_warmup"]) == [True, False, False, False]
    assert list(bench["rpe"].fillna(-1)) == [-1, 8.0, 8.5, 10.0]
    assert list(bench["set_index"]) == [0, 1, 2, 3]
    assert bench.iloc[0]["performed_at"] == pd.Timestamp(2025, 7, 26, 7, 6)
    assert list(sets_of(result, "Pull Up")["load_kg"]) == [0.0, 0.0]
    assert dict(result.sets.groupby("workout_name")["duration_minutes"].first()) == {
        "Push Day": 65.0,
        "Pull Day": 50.0,
    }


def test_a_hevy_export_in_pounds_is_converted_to_kilograms():
    result = parse("hevy_lbs.csv", "hevy")

    assert result.errors == ()
    assert result.sessions == 1 and len(result.sets) == 5
    squat = sets_of(result, "Squat (Barbell)")
    assert list(squat["load_kg"]) == [61.23, 102.06, 102.06]
    assert list(squat["is_warmup"]) == [True, False, False]
    assert list(sets_of(result, "Leg Extension (Machine)")["load_kg"]) == [45.36, 45.36]
    assert result.sets["duration_minutes"].iloc[0] == 75.0


def test_sets_come_out_in_time_order_even_when_the_file_is_newest_first():
    performed = parse("hevy_kg.csv", "hevy").sets["performed_at"]

    assert performed.is_monotonic_increasing


# --- Keys and order ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "fmt"),
    [
        ("strong_comma.csv", "strong"),
        ("strong_semicolon_weight_unit.csv", "strong"),
        ("strong_no_weight_unit.csv", "strong"),
        ("hevy_kg.csv", "hevy"),
        ("hevy_lbs.csv", "hevy"),
    ],
)
def test_parsing_the_same_file_twice_gives_identical_session_keys(fixture, fmt):
    first, second = parse(fixture, fmt), parse(fixture, fmt)

    assert list(first.sets["session_key"]) == list(second.sets["session_key"])
    keys = first.sets.groupby(["performed_at", "workout_name"])["session_key"].nunique()
    assert (keys == 1).all()
    assert first.sets["session_key"].nunique() == first.sessions
    assert all(len(key) == 40 and int(key, 16) >= 0 for key in first.sets["session_key"])


def test_the_session_key_depends_on_the_start_and_the_name_only():
    row = "2023-01-15 08:30:00,A,1h,Bench Press (Barbell),1,80,5,0,0,,,"
    again = "2023-01-15 08:30:00,A,2h,Squat (Barbell),1,100,5,0,0,other notes,,9"
    renamed = "2023-01-15 08:30:00,B,1h,Bench Press (Barbell),1,80,5,0,0,,,"

    keys = parse_export(strong(row, again, renamed), "strong").sets["session_key"]

    assert keys[0] == keys[1] != keys[2]


def test_set_index_counts_each_exercise_from_zero_within_its_session():
    result = parse("strong_comma.csv", "strong")

    indexes = result.sets.groupby(["session_key", "exercise_name"])["set_index"].apply(list)
    assert all(list(range(len(values))) == values for values in indexes)
    assert list(sets_of(result, "Squat (Barbell)")["set_index"]) == [0, 1, 2, 3]


# --- Bad rows ---------------------------------------------------------------------------------


def test_bad_rows_are_reported_with_their_line_numbers_and_the_rest_import():
    data = strong(
        '2023-01-15 08:30:00,A,1h,Bench Press (Barbell),1,80,5,0,0,"a note\nover two lines",,8',
        "2023-01-15 08:30:00,A,1h,Bench Press (Barbell),2,80,150,0,0,,,8",
        "2023-13-45 08:30:00,A,1h,Bench Press (Barbell),3,80,5,0,0,,,8",
        "2023-01-15 08:30:00,A,1h,Bench Press (Barbell),4,1200,5,0,0,,,",
        "2023-01-15 08:30:00,A,1h,Bench Press (Barbell),5,80,5,0,0,,,11",
        "",
        "2023-01-15 08:30:00,A,1h,Bench Press (Barbell),6,80,5,0,0,,,",
    )

    result = parse_export(data, "strong")

    assert result.errors == (
        RowError(4, "Reps 150 is not between 0 and 100."),
        RowError(5, "Date '2023-13-45 08:30:00' is not a date like 2023-01-15 08:30:00."),
        RowError(6, "Weight 1200 kg is not between 0 and 1000 kg."),
        RowError(7, "RPE 11 is not between 1 and 10."),
    )
    assert list(result.sets["load_kg"]) == [80.0, 80.0]
    assert list(result.sets["set_index"]) == [0, 1]
    assert result.sets["notes"].iloc[0] == "a note\nover two lines"


def test_one_row_with_several_problems_gets_one_error_naming_them_all():
    data = strong(
        "2023-01-15 08:30:00,A,1h,Bench Press (Barbell),X,abc,,0,0,,,",
        "2023-01-15 08:30:00,A,1h,,1,80,5.5,0,0,,,0.5",
    )

    errors = parse_export(data, "strong").errors

    assert errors == (
        RowError(
            2,
            "Set Order 'X' is not a number, W, D or F. Reps is empty. Weight 'abc' is not a number.",
        ),
        RowError(
            3,
            "Exercise name is empty. Reps 5.5 is not a whole number. RPE 0.5 is not between 1 and 10.",
        ),
    )


def test_a_load_in_pounds_out_of_range_names_both_units():
    data = (
        b"Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps\n"
        b"2023-01-15 08:30:00;A;Leg Press;1;2500;lbs;10\n"
        b"2023-01-15 08:30:00;A;Leg Press;2;400;stone;10\n"
    )

    errors = parse_export(data, "strong").errors

    assert errors == (
        RowError(2, "Weight 2500 lbs (1134.0 kg) is not between 0 and 1000 kg."),
        RowError(3, "Weight Unit 'stone' is not kg or lbs."),
    )


def test_a_row_with_more_fields_than_the_header_is_reported_not_truncated():
    data = strong(
        "2023-01-15 08:30:00,A,1h,Bench Press (Barbell),1,80,5,0,0,,,8,surprise",
        "2023-01-15 08:30:00,A,1h,Bench Press (Barbell),2,80,5,0,0,,,8",
    )

    result = parse_export(data, "strong")

    assert result.errors == (RowError(2, "This row has 13 fields but the header has 12."),)
    assert len(result.sets) == 1


def test_bad_hevy_rows_are_reported_and_the_rest_import():
    header = (FIXTURES / "hevy_kg.csv").read_text().splitlines()[0]
    rows = [
        '"Legs","2 Aug 2025, 10:00","2 Aug 2025, 11:00","","Squat (Barbell)",,"",0,"normal",100,5,,,8',
        '"Legs","yesterday","2 Aug 2025, 11:00","","Squat (Barbell)",,"",1,"normal",100,5,,,8',
        '"Legs","2 Aug 2025, 10:00","2 Aug 2025, 11:00","","Squat (Barbell)",,"",2,"normal",100,,,,',
    ]

    result = parse_export("\n".join([header, *rows]).encode(), "hevy")

    assert result.errors == (
        RowError(3, "Date 'yesterday' is not a date like 26 Jul 2025, 07:06."),
        RowError(4, "Reps is empty."),
    )
    assert len(result.sets) == 1


def test_a_file_whose_every_row_is_bad_gives_an_empty_frame_with_the_same_columns():
    result = parse_export(
        strong("2023-01-15 08:30:00,A,1h,Squat (Barbell),1,80,500,0,0,,,"), "strong"
    )

    assert result.sets.empty and list(result.sets.columns) == list(SET_COLUMNS)
    assert result.sessions == 0 and len(result.errors) == 1


# --- Not an export ----------------------------------------------------------------------------


def test_a_csv_that_is_no_export_says_which_columns_are_missing_and_what_was_expected():
    with pytest.raises(UnknownFormat) as raised:
        parse("not_an_export.csv", "strong")

    assert str(raised.value) == (
        "This does not look like a Strong export: missing columns Workout Name, Exercise Name, "
        "Set Order, Weight, Reps. Expected: Date, Workout Name, Exercise Name, Set Order, "
        "Weight, Reps."
    )


def test_a_strong_export_missing_two_columns_names_exactly_those():
    data = b"Date,Workout Name,Set Order,Weight\n2023-01-15 08:30:00,A,1,80\n"

    with pytest.raises(UnknownFormat, match="missing columns Exercise Name, Reps. Expected"):
        parse_export(data, "strong")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (bytes(range(256)) * 8, "it is not a text file"),
        (b"\x89PNG\r\n\x1a\n" + random.Random(3).randbytes(600), "it is not a text file"),
        (b"PK\x03\x04" + random.Random(4).randbytes(600), "it is not a text file"),
    ],
)
def test_empty_or_binary_files_are_not_an_export(data, reason):
    with pytest.raises(UnknownFormat) as raised:
        parse_export(data, "strong")

    assert str(raised.value) == (
        f"This does not look like a Strong export: {reason}. {STRONG_EXPECTED}"
    )


def test_choosing_the_wrong_app_says_what_the_file_looks_like():
    with pytest.raises(UnknownFormat, match=r"\(it looks like a Hevy export\)"):
        parse("hevy_kg.csv", "strong")
    with pytest.raises(UnknownFormat) as raised:
        parse("strong_comma.csv", "hevy")

    assert str(raised.value) == (
        "This does not look like a Hevy export: missing columns title, start_time, "
        "exercise_title, set_type, weight_kg or weight_lbs (it looks like a Strong export). "
        "Expected: title, start_time, exercise_title, set_type, weight_kg or weight_lbs, reps."
    )


def test_an_unknown_app_name_is_refused():
    with pytest.raises(UnknownFormat, match="expected one of: strong, hevy"):
        parse_export(b"anything", "fitbod")


def test_unknown_format_is_a_value_error_with_the_message_attached():
    with pytest.raises(ValueError) as raised:
        parse("not_an_export.csv", "hevy")

    assert raised.value.message == str(raised.value)


# --- Size -------------------------------------------------------------------------------------


def test_a_five_year_export_of_about_fifty_thousand_sets_parses_whole():
    data, expected_sets, expected_sessions = large_strong_export()
    assert 45_000 <= expected_sets <= 55_000

    result = parse_export(data, "strong")

    assert result.errors == ()
    assert len(result.sets) == expected_sets
    assert result.sessions == expected_sessions
    assert int(result.sets["is_warmup"].sum()) == expected_sets // 4
    assert result.sets["set_index"].max() == 7
    span = result.sets["performed_at"].max() - result.sets["performed_at"].min()
    assert span.days >= 5 * 365 - 7
