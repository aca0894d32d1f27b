"""Strong and Hevy exports read into one row per set: pure parsing, no database."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from programs.core.importers import (
    LBS_TO_KG,
    MAX_COLUMNS,
    MAX_ERRORS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    SET_COLUMNS,
    EveryRowFailed,
    ParsedImport,
    RowError,
    SkippedRow,
    TooLarge,
    UnknownFormat,
    estimated_rows,
    guess_unit,
    minutes_rounded,
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
    notes with commas, a cardio finisher now and then (a set with a distance and a time)."""
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
                sets += 1
        day += timedelta(days=7)
    return "".join(lines).encode(), sets, sessions


# --- Strong -----------------------------------------------------------------------------------


def test_a_strong_comma_export_gives_one_row_per_set_with_the_documented_columns():
    result = parse("strong_comma.csv", "strong")

    assert list(result.sets.columns) == list(SET_COLUMNS)
    assert len(result.sets) == 18  # 16 strength sets, a plank and a run
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


def test_strong_durations_are_read_as_seconds():
    comma = parse("strong_comma.csv", "strong").sets.groupby("workout_name")["duration_seconds"]
    assert comma.first().to_dict() == {"Push, heavy": 3900.0, "Legs": 2700.0, "Pull": 3600.0}

    semicolon = parse("strong_semicolon_weight_unit.csv", "strong").sets
    by_workout = semicolon.groupby("workout_name")["duration_seconds"].first()
    assert by_workout["Oberkörper"] == 50.0  # not truncated to 0 minutes
    assert by_workout["Unterkörper"] == 4800.0


def test_strong_rpe_is_kept_and_an_empty_rpe_is_nan():
    bench = sets_of(parse("strong_comma.csv", "strong"), "Bench Press (Barbell)")

    assert list(bench["rpe"].fillna(-1)) == [-1, -1, 8.0, 8.5, -1]


def test_quoted_fields_with_commas_inside_are_one_field():
    result = parse("strong_comma.csv", "strong")

    assert set(result.sets["workout_name"]) == {"Push, heavy", "Legs", "Pull"}
    assert "Felt good, bar speed ok" in set(result.sets["notes"])


def test_cardio_and_timed_rows_are_kept_with_their_distance_and_time():
    result = parse("strong_comma.csv", "strong")

    plank = sets_of(result, "Plank").iloc[0]
    run = sets_of(result, "Running").iloc[0]
    assert (plank["reps"], plank["seconds"], pd.isna(plank["distance_m"])) == (0, 60.0, True)
    assert (run["reps"], run["distance_m"], run["seconds"]) == (0, 5000.0, 1800.0)
    assert result.errors == () and result.skipped == ()


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
    cycling = sets_of(result, "Cycling").iloc[0]
    assert (cycling["distance_m"], cycling["seconds"]) == (12500.0, 1800.0)
    assert set(result.sets["workout_name"]) == {"Oberkörper", "Unterkörper"}


def test_a_strong_export_without_a_weight_unit_reads_kilograms_unless_told_otherwise():
    in_kg = parse("strong_no_weight_unit.csv", "strong")
    in_lbs = parse("strong_no_weight_unit.csv", "strong", unit="lb")

    assert in_kg.errors == ()
    assert (in_kg.unit, in_lbs.unit, in_kg.unit_in_file) == ("kg", "lb", False)
    assert len(in_kg.sets) == 10 and in_kg.sessions == 2
    assert list(sets_of(in_kg, "Squat (Barbell)")["load_kg"]) == [20.0, 102.5, 102.5]
    assert list(sets_of(in_lbs, "Squat (Barbell)")["load_kg"]) == [9.07, 46.49, 46.49]
    assert list(sets_of(in_kg, "Chin Up")["load_kg"]) == [0.0]
    assert dict(in_kg.sets.groupby("workout_name")["duration_seconds"].first()) == {
        "Full Body A": 3120.0,
        "Full Body B": 3720.0,
    }
    # A rower's 2000 without a distance unit is metres, not 2000 km.
    assert sets_of(in_kg, "Rowing (Machine)").iloc[0]["distance_m"] == 2000.0


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
    assert result.sessions == 2 and len(result.sets) == 12
    assert result.skipped == ()
    bench = sets_of(result, "Bench Press (Barbell)")
    assert list(bench["load_kg"]) == [40.0, 82.5, 82.5, 82.5]
    assert list(bench["is_warmup"]) == [True, False, False, False]
    assert list(bench["rpe"].fillna(-1)) == [-1, 8.0, 8.5, 10.0]
    assert list(bench["set_index"]) == [0, 1, 2, 3]
    assert bench.iloc[0]["performed_at"] == pd.Timestamp(2025, 7, 26, 7, 6)
    assert list(sets_of(result, "Pull Up")["load_kg"]) == [0.0, 0.0]
    assert dict(result.sets.groupby("workout_name")["duration_seconds"].first()) == {
        "Push Day": 3900.0,
        "Pull Day": 3000.0,
    }
    assert sets_of(result, "Plank").iloc[0]["seconds"] == 60.0
    treadmill = sets_of(result, "Treadmill").iloc[0]
    assert (treadmill["distance_m"], treadmill["seconds"]) == (2500.0, 900.0)


def test_a_hevy_export_in_pounds_is_converted_to_kilograms():
    result = parse("hevy_lbs.csv", "hevy")

    assert result.errors == ()
    assert result.sessions == 1 and len(result.sets) == 6
    squat = sets_of(result, "Squat (Barbell)")
    assert list(squat["load_kg"]) == [61.23, 102.06, 102.06]
    assert list(squat["is_warmup"]) == [True, False, False]
    assert list(sets_of(result, "Leg Extension (Machine)")["load_kg"]) == [45.36, 45.36]
    assert result.sets["duration_seconds"].iloc[0] == 4500.0
    assert sets_of(result, "Walking").iloc[0]["distance_m"] == pytest.approx(1.2 * 1609.344, 0.01)


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
            "Set Order 'X' is not a number, W, D, F or Note. Reps is empty. Weight 'abc' is not a "
            "number.",
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
        RowError(
            3, "Date 'yesterday' is not a date like 26 Jul 2025, 07:06 or Jul 26, 2025, 7:06 PM."
        ),
        RowError(4, "Reps is empty."),
    )
    assert len(result.sets) == 1


def test_a_file_whose_rows_all_fail_in_different_ways_gives_an_empty_frame_and_each_error():
    result = parse_export(
        strong(
            "2023-01-15 08:30:00,A,1h,Squat (Barbell),1,80,500,0,0,,,",
            "2023-01-15 08:30:00,A,1h,Squat (Barbell),2,80,5,0,0,,,12",
        ),
        "strong",
    )

    assert result.sets.empty and list(result.sets.columns) == list(SET_COLUMNS)
    assert result.sessions == 0 and len(result.errors) == 2


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
    runs = int((result.sets["exercise_name"] == "Running").sum())
    assert int(result.sets["is_warmup"].sum()) == (expected_sets - runs) // 4
    assert result.sets["set_index"].max() == 7
    span = result.sets["performed_at"].max() - result.sets["performed_at"].min()
    assert span.days >= 5 * 365 - 7


# --- The newer Strong layout -----------------------------------------------------------------


def test_the_newer_strong_layout_reads_the_unit_from_the_weight_header():
    in_kg = parse("strong_new_layout_kg.csv", "strong", unit="lb")  # the header wins
    in_lbs = parse("strong_new_layout_lbs.csv", "strong")

    assert (in_kg.unit, in_kg.unit_in_file, in_kg.unit_guess) == ("kg", True, None)
    assert list(sets_of(in_kg, "Bench Press (Barbell)")["load_kg"]) == [40.0, 82.5, 82.5]
    assert in_lbs.unit == "lb"
    assert list(sets_of(in_lbs, "Bench Press (Barbell)")["load_kg"]) == [43.09, 83.91, 83.91]


def test_the_newer_strong_layout_reads_duration_in_seconds_and_distance_in_metres():
    result = parse("strong_new_layout_kg.csv", "strong")

    by_workout = result.sets.groupby("workout_name")["duration_seconds"].first().to_dict()
    assert by_workout == {"Upper A": 3960.0, "Lower A": 4500.0, "Morning run": 1710.0}
    run = sets_of(result, "Running").iloc[0]
    assert (run["distance_m"], run["seconds"], run["reps"]) == (5000.0, 1710.0, 0)
    assert sets_of(result, "Plank").iloc[0]["seconds"] == 75.0


def test_note_rows_are_notes_of_the_session_not_errors_or_sets():
    result = parse("strong_new_layout_kg.csv", "strong")

    assert result.errors == ()
    upper = result.sets[result.sets["workout_name"] == "Upper A"]
    assert upper["workout_notes"].iloc[0] == (
        "Short on sleep\nBench Press (Barbell): Elbows tucked, pause on chest"
    )
    assert list(sets_of(result, "Bench Press (Barbell)")["set_index"]) == [0, 1, 2]
    assert sets_of(result, "Bench Press (Barbell)").iloc[2]["notes"] == "Last rep slow"


def test_a_rest_timer_row_is_skipped_and_reported_with_its_line():
    result = parse("strong_new_layout_kg.csv", "strong")

    assert result.skipped == (SkippedRow(9, "a rest timer, not a set"),)
    assert "Rest Timer" not in set(result.sets["exercise_name"])


def test_a_session_longer_than_six_hours_keeps_its_sets_without_a_duration():
    result = parse("strong_new_layout_lbs.csv", "strong")

    pull = result.sets[result.sets["workout_name"] == "Pull (forgot to stop timer)"]
    assert len(pull) == 3 and pull["duration_seconds"].isna().all()
    assert result.errors == (
        RowError(
            8,
            "The session lasts 300h 0m, more than 6 hours (a timer left running?): its sets are "
            "imported without a duration.",
        ),
    )
    assert result.errors_total == 1


def test_a_set_longer_than_six_hours_is_a_row_error():
    data = strong(
        "2023-01-15 08:30:00,A,1h,Plank,1,0,0,0,30000,,,",
        "2023-01-15 08:30:00,A,1h,Plank,2,0,0,0,60,,,",
    )

    result = parse_export(data, "strong")

    assert result.errors == (RowError(2, "Seconds '30000' is not a time of 0 to 6 hours."),)
    assert list(result.sets["seconds"]) == [60.0]


@pytest.mark.parametrize(("seconds", "minutes"), [(50, 1), (89, 1), (90, 2), (3960, 66), (0, 0)])
def test_durations_show_as_minutes_rounded(seconds, minutes):
    assert minutes_rounded(seconds) == minutes


def test_no_duration_has_no_minutes():
    assert minutes_rounded(None) is None


# --- Units ------------------------------------------------------------------------------------


def test_a_file_without_a_unit_reads_the_unit_given_and_says_what_its_weights_look_like():
    pounds = parse("strong_no_weight_unit_lb.csv", "strong")
    kilos = parse("strong_no_weight_unit.csv", "strong")

    assert (pounds.unit, pounds.unit_in_file) == ("kg", False)
    assert pounds.unit_guess.unit == "lb" and "135" in pounds.unit_guess.reason
    assert kilos.unit_guess.unit == "kg" and "102.5" in kilos.unit_guess.reason
    in_lb = parse("strong_no_weight_unit_lb.csv", "strong", unit="lb")
    assert list(sets_of(in_lb, "Squat (Barbell)")["load_kg"]) == [61.23, 102.06, 102.06, 102.06]


@pytest.mark.parametrize(
    ("weights", "unit"),
    [
        ([135, 185, 225, 225, 95, 45, 30, 35], "lb"),
        ([315, 405, 405, 225], "lb"),
        ([45, 50, 55, 60, 310], "lb"),  # dumbbells by 5 and one heavy pull
        ([60, 62.5, 80, 102.5, 20, 32.5], "kg"),
        ([20, 40, 60, 80, 100, 140], "kg"),  # multiples of 5, but no pound plates
        ([12, 14, 16, 24, 28, 32], "kg"),  # kettlebells
        ([135, 137.5, 142.5, 147.5, 152.5], "kg"),  # many halves
        ([], "kg"),
        ([0, 0], "kg"),
    ],
)
def test_the_unit_guess_follows_the_plates(weights, unit):
    assert guess_unit(weights).unit == unit


def test_the_unit_guess_says_why_in_words():
    assert guess_unit([]).reason == "There are no loads to judge by, so kilograms is assumed."
    assert guess_unit([135, 225, 185]).reason.endswith("these look like pounds.")


def test_an_unreadable_unit_is_refused():
    with pytest.raises(ValueError, match="kg or lb"):
        parse("strong_comma.csv", "strong", unit="stone")


# --- Hevy's two date styles -------------------------------------------------------------------


def test_hevy_us_dates_with_am_and_pm_are_read():
    result = parse("hevy_us_dates.csv", "hevy")

    assert result.errors == ()
    starts = sorted({ts.to_pydatetime() for ts in result.sets["performed_at"]})
    assert starts == [
        datetime(2025, 7, 26, 19, 6),
        datetime(2025, 7, 27, 23, 45),
        datetime(2025, 7, 29, 0, 30),
    ]
    by_workout = result.sets.groupby("workout_name")["duration_seconds"].first().to_dict()
    assert by_workout == {"Evening Push": 3900.0, "Late Legs": 3300.0, "Early Pull": 2700.0}


def test_both_hevy_date_styles_in_one_file_are_read():
    header = (FIXTURES / "hevy_kg.csv").read_text().splitlines()[0]
    rows = [
        '"A","26 Jul 2025, 07:06","26 Jul 2025, 08:00","","Squat (Barbell)",,"",0,"normal",100,5,,,',
        '"B","Sept 2, 2025, 6:15 PM","Sept 2, 2025, 7:00 PM","","Squat (Barbell)",,"",0,"normal",100,5,,,',
    ]

    result = parse_export("\n".join([header, *rows]).encode(), "hevy")

    assert result.errors == ()
    assert list(result.sets["performed_at"]) == [
        pd.Timestamp(2025, 7, 26, 7, 6),
        pd.Timestamp(2025, 9, 2, 18, 15),
    ]


def test_a_file_whose_every_row_fails_the_same_way_is_one_clear_error():
    with pytest.raises(EveryRowFailed) as raised:
        parse("hevy_all_rows_fail.csv", "hevy")

    message = raised.value.message
    assert message.startswith(
        "Nothing was imported: all 4 rows failed the same way (line 2 and every row after it): "
        "Date '26 juil. 2025, 07:06' is not a date like 26 Jul 2025, 07:06 or Jul 26, 2025, "
        "7:06 PM."
    )
    assert "English" in message
    assert isinstance(raised.value, UnknownFormat)


# --- Translated headers -----------------------------------------------------------------------


def test_an_export_made_in_another_language_says_to_export_in_english_and_how():
    with pytest.raises(UnknownFormat) as raised:
        parse("strong_translated_de.csv", "strong")

    message = raised.value.message
    assert "made with the app in another language" in message
    assert "Datum, Trainingsname" in message
    assert "Switch the app to English" in message
    assert "Export Strong Data" in message
    assert "missing columns" not in message


def test_unknown_translated_headers_over_strong_dates_are_still_recognised():
    data = (
        b"Tarikh;Nama;Tempoh;Latihan;Set;Berat;Ulangan;Jarak;Saat;Nota;Nota latihan;RPE\n"
        b'"2023-04-02 09:15:00";"A";"1h";"Squat";"1";"80";"5";"";"";"";"";""\n'
    )

    with pytest.raises(UnknownFormat, match="another language"):
        parse_export(data, "strong")


# --- Assisted exercises -----------------------------------------------------------------------


def test_the_weight_of_an_assisted_exercise_is_assistance_not_load():
    result = parse("hevy_assisted.csv", "hevy")

    pull_ups = sets_of(result, "Pull Up (Assisted)")
    assert list(pull_ups["assistance_kg"]) == [15.0, 15.0]
    assert list(pull_ups["load_kg"]) == [0.0, 0.0]
    assert sets_of(result, "Triceps Dip (Assisted)").iloc[0]["assistance_kg"] == 25.0
    assert sets_of(result, "Pull Up").iloc[0]["assistance_kg"] == 0.0


def test_assistance_in_pounds_and_negative_weights_are_assistance_in_kilograms():
    result = parse("strong_assisted_lbs.csv", "strong")

    assert list(sets_of(result, "Assisted Pull Up")["assistance_kg"]) == [22.68, 22.68]
    assert sets_of(result, "Assisted Dip").iloc[0]["assistance_kg"] == 18.14
    chin = sets_of(result, "Chin Up").iloc[0]
    assert (chin["assistance_kg"], chin["load_kg"]) == (9.07, 0.0)
    assert result.errors == ()


# --- Notes ------------------------------------------------------------------------------------


def test_set_notes_workout_notes_and_hevy_descriptions_are_kept():
    strong_result = parse("strong_notes_pain.csv", "strong")
    hevy_result = parse("hevy_kg.csv", "hevy")

    squat = sets_of(strong_result, "Squat (Barbell)")
    assert "sharp pain in my left knee on the way up" in set(squat["notes"])
    upper = strong_result.sets[strong_result.sets["performed_at"] == pd.Timestamp(2025, 3, 12, 18)]
    assert upper["workout_notes"].iloc[0] == "Sharp shoulder pain when pressing, stopped early"
    push = hevy_result.sets[hevy_result.sets["workout_name"] == "Push Day"]
    assert push["workout_notes"].iloc[0] == (
        "Good session, slept well\nBench Press (Barbell): Pause the first rep"
    )


# --- Skipped rows are reported ----------------------------------------------------------------


def test_empty_rows_and_rest_timers_are_reported_not_silent():
    data = strong(
        "2023-01-15 08:30:00,A,1h,Bench Press (Barbell),1,80,5,0,0,,,",
        ",,,,,,,,,,,",
        "2023-01-15 08:30:00,A,1h,Rest Timer,Rest Timer,0,0,0,90,,,",
    )

    result = parse_export(data, "strong")

    assert result.skipped == (
        SkippedRow(3, "an empty row"),
        SkippedRow(4, "a rest timer, not a set"),
    )
    assert len(result.sets) == 1 and result.errors == ()


# --- Limits -----------------------------------------------------------------------------------


def test_only_the_first_hundred_errors_are_listed_and_all_are_counted():
    rows = ["2023-01-15 08:30:00,A,1h,Squat (Barbell),1,80,5,0,0,,,"]
    rows += [
        f"2023-01-15 08:30:00,A,1h,Squat (Barbell),{i},80,{200 + i},0,0,,," for i in range(150)
    ]
    rows += [f"2023-01-15 08:30:00,A,1h,Squat (Barbell),{i},80,5,0,0,,,{20 + i}" for i in range(30)]

    result = parse_export(strong(*rows), "strong")

    assert len(result.errors) == MAX_ERRORS == 100
    assert result.errors_total == 180
    assert [e.row for e in result.errors] == list(range(3, 103))
    assert len(result.sets) == 1


def test_a_file_over_the_size_limit_is_refused_before_reading():
    data = STRONG_HEADER.encode() + b"x" * (MAX_UPLOAD_BYTES + 1)

    with pytest.raises(TooLarge, match="at most 20 MB"):
        parse_export(data, "strong")


def test_a_file_over_the_row_limit_is_refused_before_reading():
    data = STRONG_HEADER.encode() + b"2023-01-15 08:30:00\n" * (MAX_ROWS + 1)

    with pytest.raises(TooLarge, match="at most 200,000"):
        parse_export(data, "strong")


def test_a_header_with_a_hundred_thousand_columns_is_refused():
    data = (",".join(f"c{i}" for i in range(100_000)) + "\n1,2,3\n").encode()

    with pytest.raises(TooLarge, match="100,000 columns"):
        parse_export(data, "strong")
    assert MAX_COLUMNS < 100_000


def test_rows_are_counted_by_line_breaks():
    assert estimated_rows(b"header\na\nb\n") == 2
    assert estimated_rows(b"header\na\nb") == 2
    assert estimated_rows(b"header") == 0
