"""Reading Postgres' binary COPY of fixed-width numbers (``triage.nightly.read.binary_rows``) and
naming a batch's clients by range (``client_ranges``)."""

import struct
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest

from triage.nightly import read
from triage.nightly.read import COPY_SIGNATURE, binary_rows, client_ranges

COLUMNS = [("client_id", 8), ("planned_date", 4), ("e1rm_kg", "f")]


def copy_of(rows, extension=b""):
    """A binary COPY as Postgres writes it: signature, flags, extension, tuples, trailer. A
    value of None is a null."""
    data = COPY_SIGNATURE + struct.pack(">ii", 0, len(extension)) + extension
    for row in rows:
        data += struct.pack(">h", len(row))
        for value, (_, width) in zip(row, COLUMNS, strict=True):
            if value is None:
                data += struct.pack(">i", -1)
            elif width == "f":
                data += struct.pack(">id", 8, value)
            else:
                data += struct.pack(">i", width) + value.to_bytes(width, "big", signed=True)
    return data + struct.pack(">h", -1)


def test_rows_of_fixed_width_numbers_are_read_as_int64_and_float64_columns():
    frame = binary_rows(copy_of([(7, 20_000, 102.5), (2**40, -3, 0.25)]), COLUMNS)

    assert frame.to_dict("list") == {
        "client_id": [7, 2**40],
        "planned_date": [20_000, -3],
        "e1rm_kg": [102.5, 0.25],
    }
    assert [str(t) for t in frame.dtypes] == ["int64", "int64", "float64"]


def test_a_header_extension_is_skipped():
    frame = binary_rows(copy_of([(1, 2, 3.0)], extension=b"\x00\x01\x02"), COLUMNS)
    assert frame.to_dict("list") == {"client_id": [1], "planned_date": [2], "e1rm_kg": [3.0]}


def test_no_rows_give_an_empty_frame_with_the_columns():
    frame = binary_rows(copy_of([]), COLUMNS)
    assert list(frame.columns) == ["client_id", "planned_date", "e1rm_kg"]
    assert frame.empty


@pytest.mark.parametrize(
    "data",
    [
        copy_of([(1, 2, 3.0), (4, None, 5.0)]),  # a null: the rows no longer line up
        copy_of([(1, 2, 3.0)])[:-1],  # cut short
        b"COPY 1\n",  # not binary at all
    ],
)
def test_anything_but_fixed_width_rows_is_refused_so_the_caller_reads_text(data):
    assert binary_rows(data, COLUMNS) is None


def test_a_row_whose_widths_differ_from_the_columns_is_refused():
    narrow = [("client_id", 4), ("planned_date", 8), ("e1rm_kg", "f")]
    assert binary_rows(copy_of([(1, 2, 3.0)]), narrow) is None


def test_each_organization_gets_the_range_of_its_own_clients():
    ranges = client_ranges([1, 2, 3], [10, 12, 30, 31, 15], {10: 1, 12: 1, 15: 1, 30: 2, 31: 2})
    assert ranges == {1: (10, 15), 2: (30, 31), 3: (0, -1)}


def test_without_each_clients_organization_every_organization_gets_the_range_of_all():
    assert client_ranges([1, 2], [30, 10, 12], None) == {1: (10, 30), 2: (10, 30)}


TIMED = [("client_id", 8), ("day", read.DATE), ("at", read.INSTANT), ("answer", 2)]


def timed_copy(rows):
    """A binary COPY of (bigint, date, timestamptz, smallint) rows as Postgres stores them:
    days and microseconds since 2000-01-01."""
    data = COPY_SIGNATURE + struct.pack(">ii", 0, 0)
    for client_id, day, at, answer in rows:
        days = (day - date(2000, 1, 1)).days
        micros = (at - datetime(2000, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
        data += struct.pack(">hiqiiiqih", 4, 8, client_id, 4, days, 8, micros, 2, answer)
    return data + struct.pack(">h", -1)


def test_dates_and_instants_are_read_as_days_and_whole_seconds_since_1970():
    at = datetime(2026, 3, 29, 1, 30, 15, 999_999, tzinfo=UTC)
    frame = binary_rows(timed_copy([(5, date(2026, 3, 28), at, 4)]), TIMED)

    assert frame.to_dict("list") == {
        "client_id": [5],
        "day": [(date(2026, 3, 28) - date(1970, 1, 1)).days],
        "at": [int(at.timestamp())],
        "answer": [4],
    }


def test_instants_before_2000_are_floored_to_the_second_like_after():
    at = datetime(1999, 12, 31, 23, 59, 59, 500_000, tzinfo=UTC)
    frame = binary_rows(timed_copy([(1, date(1999, 12, 31), at, 1)]), TIMED)
    assert frame["at"].tolist() == [int(datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp())]
    assert frame["day"].tolist() == [(date(1999, 12, 31) - date(1970, 1, 1)).days]


def test_a_text_read_gives_its_dates_and_instants_as_the_binary_read_does():
    at = datetime(2026, 3, 29, 1, 30, 15, 250_000, tzinfo=UTC)
    text = pd.DataFrame(
        {
            "client_id": [5],
            "day": ["2026-03-28"],
            "at": ["2026-03-29 03:30:15.25+02"],
            "answer": [4],
        }
    )
    binary = binary_rows(timed_copy([(5, date(2026, 3, 28), at, 4)]), TIMED)

    assert read._times_as_numbers(text, TIMED).to_dict("list") == binary.to_dict("list")
