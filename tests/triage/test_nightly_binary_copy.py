"""Reading Postgres' binary COPY of fixed-width numbers (``triage.nightly.read.binary_rows``) and
naming a batch's clients by range (``client_ranges``)."""

import struct

import pytest

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
