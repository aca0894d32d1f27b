"""The JSON document the night's set-wise inserts send (``triage.nightly.write.json_document``):
what ``json_to_recordset`` must read back as each column's value."""

import json
import math
from datetime import UTC, date, datetime
from decimal import Decimal

import numpy as np

from triage.nightly.write import json_document


def test_dates_and_times_are_written_in_iso_form():
    (row,) = json.loads(
        json_document([{"date": date(2026, 12, 4), "at": datetime(2026, 12, 5, 2, 0, tzinfo=UTC)}])
    )
    assert row == {"date": "2026-12-04", "at": "2026-12-05T02:00:00+00:00"}


def test_a_decimal_is_written_as_text_so_no_digit_is_lost():
    (row,) = json.loads(json_document([{"load_kg": Decimal("102.50")}]))
    assert row == {"load_kg": "102.50"}


def test_a_columns_float_that_is_not_finite_is_written_as_text_postgres_reads():
    (row,) = json.loads(json_document([{"risk": math.nan, "trend": math.inf, "z": 1.5}]))
    assert row == {"risk": "nan", "trend": "inf", "z": 1.5}


def test_a_float_that_is_not_finite_inside_a_json_value_is_written_as_null():
    (row,) = json.loads(json_document([{"features": {"drop": math.nan, "swing": 0.25}}]))
    assert row == {"features": {"drop": None, "swing": 0.25}}


def test_numpy_numbers_are_written_as_numbers():
    (row,) = json.loads(json_document([{"n": np.int64(3), "x": np.float64(0.5)}]))
    assert row == {"n": 3, "x": 0.5}
