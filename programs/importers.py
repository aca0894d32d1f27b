"""Workout-history imports: a Strong or Hevy CSV export read into one row per set. Pure: no Django.

``parse_export(data, fmt)`` takes the raw bytes of an upload and the format the user chose
(``"strong"`` or ``"hevy"``) and returns a ``ParsedImport``: a pandas frame of sets (columns in
``SET_COLUMNS``), the rows it skipped with a reason (``RowError``, numbered by their line in the
file, the header being line 1) and the number of sessions. A file that is no export of that app
raises ``UnknownFormat`` with a message a person can act on.

What is read, and how:

* **Strong** (Date, Workout Name, Exercise Name, Set Order, Weight, Reps; optionally Duration or
  Workout Duration, Weight Unit, RPE, Distance, Seconds, Notes, Workout Notes). Comma or semicolon
  separated (sniffed from the header line); in the semicolon variant decimal commas (``62,5``) are
  read as decimal points. ``Weight Unit`` is ``kg`` or ``lbs``; without that column (or with an
  empty cell) weights are in ``default_unit`` (kg unless the caller says otherwise: the newer
  Strong export writes the user's unit without naming it). ``Set Order`` is a number, ``W``
  (warm-up), or ``D`` / ``F`` (drop and failure sets, which are working sets). Durations read
  like ``1h 5m``, ``45m``, ``1h`` or ``50s``; anything else becomes NaN, never an error.
* **Hevy** (title, start_time, exercise_title, set_type, weight_kg or weight_lbs, reps; optionally
  end_time, description, superset_id, exercise_notes, set_index, distance_km / distance_miles,
  duration_seconds, rpe). Times read like ``26 Jul 2025, 07:06``; the session's duration is
  end_time minus start_time. ``set_type`` ``warmup`` marks a warm-up; ``normal``, ``dropset``,
  ``failure`` (and anything else) are working sets. An empty weight is body weight: 0 kg.

Rows that are not strength sets are left out silently and counted in ``skipped``, never reported
as errors: a set with no reps (empty or 0) but with a distance or a time (cardio, planks, carries),
Strong's ``Rest Timer`` rows, and rows with every cell empty. Every other row is validated on its
own: reps a whole number 0-100, load 0-1000 kg (after converting pounds), RPE empty or 1-10, a
date that parses, an exercise name. A row that fails any of these becomes one ``RowError`` that
lists every problem of that row, and the rest of the file imports.

``set_index`` is the 0-based order of a set within its exercise in its session, in file order,
counting only the sets that were kept. ``session_key`` is the sha1 hex of the session's start
(ISO format) and workout name, so the same file always gives the same keys (and the same session
exported twice collapses into one key). ``performed_at`` is the wall-clock start as the app wrote
it, timezone-naive. Sets come out ordered by ``performed_at`` (a stable sort, so the file's order
within a session is kept). Loads are rounded to 2 decimals (the precision ``SetLog`` stores).

Everything is vectorised; a Python loop only builds the messages of bad rows (and, when there are
any, scans the file once with ``csv`` to turn record numbers into line numbers, since quoted
notes may span lines).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = [
    "FORMATS",
    "LBS_TO_KG",
    "SET_COLUMNS",
    "ParsedImport",
    "RowError",
    "UnknownFormat",
    "parse_export",
]

LBS_TO_KG = 0.45359237
FORMATS = ("strong", "hevy")
SET_COLUMNS = (
    "session_key",
    "performed_at",
    "workout_name",
    "duration_minutes",
    "exercise_name",
    "set_index",
    "reps",
    "load_kg",
    "rpe",
    "is_warmup",
    "notes",
)
MAX_REPS = 100
MAX_LOAD_KG = 1000.0
MIN_RPE, MAX_RPE = 1.0, 10.0

STRONG_REQUIRED = ("Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Reps")
STRONG_OPTIONAL = (
    "Duration",
    "Workout Duration",
    "Weight Unit",
    "RPE",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
)
HEVY_REQUIRED = ("title", "start_time", "exercise_title", "set_type", "reps")
HEVY_WEIGHT = ("weight_kg", "weight_lbs")
HEVY_OPTIONAL = (
    "end_time",
    "description",
    "superset_id",
    "exercise_notes",
    "set_index",
    "distance_km",
    "distance_miles",
    "duration_seconds",
    "rpe",
)
HEVY_EXPECTED = (
    "title",
    "start_time",
    "exercise_title",
    "set_type",
    "weight_kg or weight_lbs",
    "reps",
)

STRONG_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
HEVY_DATE_FORMATS = ("%d %b %Y, %H:%M", "%d %B %Y, %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")

_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d+(?:\.\d+)?)\s*h)?\s*(?:(?P<m>\d+(?:\.\d+)?)\s*m(?:in)?)?"
    r"\s*(?:(?P<s>\d+(?:\.\d+)?)\s*s)?\s*$"
)
_DECIMAL_COMMA = r"^\s*([-+]?\d*),(\d+)\s*$"


class UnknownFormat(ValueError):
    """The upload is not an export of the chosen app; the message says what was expected."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based line number in the file; the header is line 1
    message: str


@dataclass(frozen=True, eq=False)
class ParsedImport:
    sets: pd.DataFrame
    errors: tuple[RowError, ...]
    sessions: int
    # Rows left out on purpose (cardio / timed sets, rest timers, empty rows): not errors.
    skipped: int = field(default=0)


# --- Entry point ------------------------------------------------------------------------------


def parse_export(data: bytes, fmt: str, *, default_unit: str = "kg") -> ParsedImport:
    """Read a Strong or Hevy CSV export (see the module docstring for every rule)."""
    fmt = (fmt or "").strip().lower()
    if fmt not in FORMATS:
        raise UnknownFormat(
            f"Unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}."
        )
    if default_unit not in ("kg", "lbs"):
        raise ValueError("default_unit must be 'kg' or 'lbs'")
    label, expected = ("Strong", STRONG_REQUIRED) if fmt == "strong" else ("Hevy", HEVY_EXPECTED)

    def unknown(reason: str) -> UnknownFormat:
        return UnknownFormat(
            f"This does not look like a {label} export: {reason}. Expected: {', '.join(expected)}."
        )

    text = _decode(data, unknown)
    header_line = text.split("\n", 1)[0]
    delimiter = _sniff_delimiter(header_line)
    raw, bad_records = _read(text, delimiter, unknown)
    lookup = {_column_key(name): name for name in raw.columns}

    if fmt == "strong":
        missing = [name for name in STRONG_REQUIRED if _column_key(name) not in lookup]
    else:
        has_weight = any(_column_key(name) in lookup for name in HEVY_WEIGHT)
        missing = [
            name
            for name in HEVY_EXPECTED
            if (name in HEVY_REQUIRED and _column_key(name) not in lookup)
            or (name not in HEVY_REQUIRED and not has_weight)
        ]
    if missing:
        hint = ""
        other_required = HEVY_REQUIRED if fmt == "strong" else STRONG_REQUIRED
        if all(_column_key(name) in lookup for name in other_required):
            hint = f" (it looks like a {'Hevy' if fmt == 'strong' else 'Strong'} export)"
        raise unknown(f"missing columns {', '.join(missing)}{hint}")

    stripped: dict[str, pd.Series] = {}

    def col(name: str) -> pd.Series:
        actual = lookup.get(_column_key(name))
        if actual is None:
            return pd.Series("", index=raw.index, dtype=object)
        if actual not in stripped:
            stripped[actual] = _by_unique(raw[actual].fillna(""), lambda u: u.str.strip())
        return stripped[actual]

    decimal_comma = delimiter == ";"
    if fmt == "strong":
        frame = _strong(col, lookup, default_unit, decimal_comma)
    else:
        frame = _hevy(col, lookup, decimal_comma)
    # Every cell empty or blank (a row of bare delimiters): nothing to import, nothing to report.
    blank = np.ones(len(raw), dtype=bool)
    for name in raw.columns:
        blank &= (col(name) == "").to_numpy()
    return _finish(frame, raw, blank, bad_records, text, delimiter)


# --- Reading ----------------------------------------------------------------------------------


def _decode(data: bytes, unknown: Callable[[str], UnknownFormat]) -> str:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("parse_export expects bytes")
    data = bytes(data)
    if not data.strip():
        raise unknown("the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").replace("\r\n", "\n")
        except UnicodeDecodeError:
            raise unknown("it is not a readable text file") from None
    if b"\x00" in data[:65536]:
        raise unknown("it is not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    # Control characters other than tab / newline / carriage return mean binary content.
    sample = text[:65536]
    if sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r") > len(sample) // 100:
        raise unknown("it is not a text file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _sniff_delimiter(header_line: str) -> str:
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: unquoted.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _column_key(name: str) -> str:
    return " ".join(str(name).replace("\ufeff", "").strip().lower().split())


def _read(
    text: str, delimiter: str, unknown: Callable[[str], UnknownFormat]
) -> tuple[pd.DataFrame, bool]:
    """Every cell as a string (stripped later); the header row becomes the column names.

    Reading with ``header=None`` makes the header's width the row width, so a row with extra
    fields is a bad line (reported), never silently truncated or turned into an index."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            table = pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                header=None,
                dtype=str,
                na_filter=False,
                on_bad_lines="warn",
                engine="c",
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
            raise unknown(f"it could not be read as CSV ({exc})") from None
    bad_records = any("Skipping line" in str(w.message) for w in caught)
    if table.empty:
        raise unknown("the file is empty")
    header = [str(v).replace("\ufeff", "").strip() for v in table.iloc[0]]
    body = table.iloc[1:].reset_index(drop=True)
    body.columns = _unique(header)
    return body, bad_records


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            out.append(f"{name}.{seen[name]}")
        else:
            seen[name] = 0
            out.append(name)
    return out


# --- Conversions ------------------------------------------------------------------------------


def _by_unique(values: pd.Series, convert: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``convert`` applied to each distinct value once, spread back to every row.

    Exports repeat the same dates, names, weights and units thousands of times, so this turns
    50,000 string operations into a few hundred (pandas' string methods loop in Python)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    converted = convert(pd.Series(uniques, dtype=object)).to_numpy()
    return pd.Series(converted.take(codes), index=values.index)


def _numbers(values: pd.Series, decimal_comma: bool) -> pd.Series:
    def convert(unique: pd.Series) -> pd.Series:
        if decimal_comma:
            unique = unique.str.replace(_DECIMAL_COMMA, r"\1.\2", regex=True)
        return pd.to_numeric(unique.where(unique != "", None), errors="coerce").astype(float)

    return _by_unique(values, convert).astype(float)


def _datetimes(values: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    def convert(unique: pd.Series) -> pd.Series:
        result = pd.Series(pd.NaT, index=unique.index, dtype="datetime64[ns]")
        for fmt in formats:
            todo = result.isna() & (unique != "")
            if not todo.any():
                break
            result.loc[todo] = pd.to_datetime(unique[todo], format=fmt, errors="coerce")
        return result

    return _by_unique(values, convert).astype("datetime64[ns]")


def _duration_minutes(values: pd.Series) -> pd.Series:
    return _by_unique(values, _minutes).astype(float)


def _minutes(values: pd.Series) -> pd.Series:
    parts = values.str.extract(_DURATION)
    numeric = parts.apply(pd.to_numeric, errors="coerce")
    minutes = (
        numeric["h"].fillna(0) * 60 + numeric["m"].fillna(0) + numeric["s"].fillna(0) / 60
    ).astype(float)
    return minutes.where(numeric.notna().any(axis=1), np.nan)


# --- Per-format frames ------------------------------------------------------------------------
#
# Each returns one row per file row with these columns, which _finish validates and shapes:
#   performed_at, date_raw, date_hint, workout_name, duration_minutes, exercise_name, is_warmup,
#   set_order_raw, set_order_bad, reps, reps_raw, weight, weight_raw, unit ("kg" / "lbs" / what
#   the file said), unit_raw, rpe, rpe_raw, notes, skip (not a strength set: left out silently).
# An empty weight is 0 kg (body weight).


def _strong(col, lookup, default_unit: str, decimal_comma: bool) -> pd.DataFrame:
    set_order = col("Set Order")
    order_key = _by_unique(set_order, lambda u: u.str.upper())
    reps = _numbers(col("Reps"), decimal_comma)
    weight = _numbers(col("Weight"), decimal_comma)
    unit_raw = _by_unique(col("Weight Unit"), lambda u: u.str.lower())
    unit = unit_raw.replace({"": default_unit, "lb": "lbs", "kgs": "kg"})
    distance = _numbers(col("Distance"), decimal_comma)
    seconds = _numbers(col("Seconds"), decimal_comma)
    duration_col = "Duration" if _column_key("Duration") in lookup else "Workout Duration"
    no_reps = reps.isna() | (reps == 0)
    timed = no_reps & ((distance.fillna(0) > 0) | (seconds.fillna(0) > 0))
    rest_timer = _by_unique(order_key, lambda u: u.str.contains("REST", regex=False)).astype(bool)
    numeric_order = _by_unique(order_key, lambda u: u.str.fullmatch(r"\d+(?:\.0+)?")).astype(bool)
    return pd.DataFrame(
        {
            "performed_at": _datetimes(col("Date"), STRONG_DATE_FORMATS),
            "date_raw": col("Date"),
            "date_hint": "2023-01-15 08:30:00",
            "workout_name": col("Workout Name"),
            "duration_minutes": _duration_minutes(col(duration_col)),
            "exercise_name": col("Exercise Name"),
            "is_warmup": order_key == "W",
            "set_order_raw": set_order,
            "set_order_bad": ~(numeric_order | order_key.isin(["W", "D", "F"])),
            "reps": reps,
            "reps_raw": col("Reps"),
            "weight": weight,
            "weight_raw": col("Weight"),
            "unit": unit,
            "unit_raw": col("Weight Unit"),
            "rpe": _numbers(col("RPE"), decimal_comma),
            "rpe_raw": col("RPE"),
            "notes": col("Notes"),
            "skip": timed | rest_timer,
        }
    )


def _hevy(col, lookup, decimal_comma: bool) -> pd.DataFrame:
    start_raw = col("start_time")
    start = _datetimes(start_raw, HEVY_DATE_FORMATS)
    end = _datetimes(col("end_time"), HEVY_DATE_FORMATS)
    minutes = (end - start).dt.total_seconds() / 60
    in_kg = _column_key("weight_kg") in lookup
    weight_name = "weight_kg" if in_kg else "weight_lbs"
    reps = _numbers(col("reps"), decimal_comma)
    distance = _numbers(col("distance_km"), decimal_comma).fillna(
        _numbers(col("distance_miles"), decimal_comma)
    )
    seconds = _numbers(col("duration_seconds"), decimal_comma)
    no_reps = reps.isna() | (reps == 0)
    timed = no_reps & ((distance.fillna(0) > 0) | (seconds.fillna(0) > 0))
    weight = _numbers(col(weight_name), decimal_comma)
    weight_raw = col(weight_name)
    return pd.DataFrame(
        {
            "performed_at": start,
            "date_raw": start_raw,
            "date_hint": "26 Jul 2025, 07:06",
            "workout_name": col("title"),
            "duration_minutes": minutes.where(minutes >= 0, np.nan).astype(float),
            "exercise_name": col("exercise_title"),
            "is_warmup": _by_unique(col("set_type"), lambda u: u.str.lower()) == "warmup",
            "set_order_raw": col("set_type"),
            "set_order_bad": False,
            "reps": reps,
            "reps_raw": col("reps"),
            # An empty weight is a body-weight set.
            "weight": weight.where(weight_raw != "", 0.0),
            "weight_raw": weight_raw,
            "unit": "kg" if in_kg else "lbs",
            "unit_raw": "",
            "rpe": _numbers(col("rpe"), decimal_comma),
            "rpe_raw": col("rpe"),
            "notes": col("exercise_notes"),
            "skip": timed,
        }
    )


# --- Validation and shaping -------------------------------------------------------------------


def _finish(
    frame: pd.DataFrame,
    raw: pd.DataFrame,
    blank: np.ndarray,
    bad_records: bool,
    text: str,
    delimiter: str,
) -> ParsedImport:
    skip = frame["skip"].astype(bool) | pd.Series(blank, index=frame.index)
    frame = frame[~skip]
    skipped = int(skip.sum())

    unit_ok = frame["unit"].isin(["kg", "lbs"])
    factor = frame["unit"].map({"kg": 1.0, "lbs": LBS_TO_KG})
    load = (frame["weight"] * factor).round(2)
    reps = frame["reps"]
    rpe = frame["rpe"]
    checks: list[tuple[pd.Series, Callable[[pd.Series], str]]] = [
        (frame["exercise_name"] == "", lambda r: "Exercise name is empty."),
        (frame["date_raw"] == "", lambda r: "Date is empty."),
        (
            (frame["date_raw"] != "") & frame["performed_at"].isna(),
            lambda r: f"Date {r.date_raw!r} is not a date like {r.date_hint}.",
        ),
        (
            frame["set_order_bad"].astype(bool),
            lambda r: f"Set Order {r.set_order_raw!r} is not a number, W, D or F.",
        ),
        (frame["reps_raw"] == "", lambda r: "Reps is empty."),
        (
            (frame["reps_raw"] != "") & reps.isna(),
            lambda r: f"Reps {r.reps_raw!r} is not a number.",
        ),
        (
            reps.notna() & ((reps < 0) | (reps > MAX_REPS)),
            lambda r: f"Reps {r.reps_raw} is not between 0 and {MAX_REPS}.",
        ),
        (
            reps.notna() & (reps >= 0) & (reps <= MAX_REPS) & (reps % 1 != 0),
            lambda r: f"Reps {r.reps_raw} is not a whole number.",
        ),
        (
            (frame["weight_raw"] != "") & frame["weight"].isna(),
            lambda r: f"Weight {r.weight_raw!r} is not a number.",
        ),
        (~unit_ok, lambda r: f"Weight Unit {r.unit_raw!r} is not kg or lbs."),
        (
            unit_ok & load.notna() & ((load < 0) | (load > MAX_LOAD_KG)),
            lambda r: (
                f"Weight {r.weight_raw} kg is not between 0 and {MAX_LOAD_KG:g} kg."
                if r.unit == "kg"
                else f"Weight {r.weight_raw} lbs ({r.weight * LBS_TO_KG:.1f} kg) is not between "
                f"0 and {MAX_LOAD_KG:g} kg."
            ),
        ),
        (
            (frame["rpe_raw"] != "") & rpe.isna(),
            lambda r: f"RPE {r.rpe_raw!r} is not a number.",
        ),
        (
            rpe.notna() & ((rpe < MIN_RPE) | (rpe > MAX_RPE)),
            lambda r: f"RPE {r.rpe_raw} is not between {MIN_RPE:g} and {MAX_RPE:g}.",
        ),
    ]
    masks = [mask.fillna(False).astype(bool).to_numpy() for mask, _ in checks]
    bad_array = np.logical_or.reduce(masks) if len(frame) else np.zeros(0, dtype=bool)
    bad = pd.Series(bad_array, index=frame.index)

    errors: list[RowError] = []
    if bad.any() or bad_records:
        lines = _record_lines(text, delimiter, len(raw))
        for position in np.flatnonzero(bad_array):
            label = frame.index[position]
            row = frame.loc[label]
            messages = [
                message(row)
                for mask, (_, message) in zip(masks, checks, strict=True)
                if mask[position]
            ]
            line = lines.good[label] if lines is not None else int(label) + 2
            errors.append(RowError(line, " ".join(messages)))
        if lines is not None:
            errors.extend(
                RowError(line, f"This row has {width} fields but the header has {lines.width}.")
                for line, width in lines.too_wide
            )
        errors.sort(key=lambda e: e.row)

    good = frame[~bad]
    sets = pd.DataFrame(
        {
            "performed_at": good["performed_at"].astype("datetime64[ns]"),
            "workout_name": good["workout_name"].astype(object),
            "duration_minutes": good["duration_minutes"].astype(float),
            "exercise_name": good["exercise_name"].astype(object),
            "reps": reps[~bad].astype("int64"),
            "load_kg": load[~bad].fillna(0.0).astype(float),
            "rpe": rpe[~bad].astype(float),
            "is_warmup": good["is_warmup"].astype(bool),
            "notes": good["notes"].astype(object),
        }
    )
    sets["session_key"] = _session_keys(sets)
    sets["duration_minutes"] = sets.groupby("session_key", sort=False)[
        "duration_minutes"
    ].transform("first")
    sets["set_index"] = (
        sets.groupby(["session_key", "exercise_name"], sort=False).cumcount().astype("int64")
    )
    sets = sets.sort_values("performed_at", kind="mergesort").reset_index(drop=True)
    sets = sets[list(SET_COLUMNS)]
    return ParsedImport(
        sets=sets,
        errors=tuple(errors),
        sessions=int(sets["session_key"].nunique()),
        skipped=skipped,
    )


def _session_keys(sets: pd.DataFrame) -> np.ndarray:
    """sha1 of each session's start and name, computed once per session, spread to its sets."""
    if sets.empty:
        return np.array([], dtype=object)
    by_session = sets.groupby(["performed_at", "workout_name"], sort=False)
    firsts = sets[["performed_at", "workout_name"]].drop_duplicates()
    keys = np.array(
        [
            hashlib.sha1(f"{when.isoformat()}|{name}".encode()).hexdigest()
            for when, name in firsts.itertuples(index=False, name=None)
        ],
        dtype=object,
    )
    return keys[by_session.ngroup().to_numpy()]


@dataclass(frozen=True)
class _Lines:
    good: list[int]  # the first line of each data record pandas kept, in order
    too_wide: list[tuple[int, int]]  # (line, fields) of records pandas skipped as too wide
    width: int


def _record_lines(text: str, delimiter: str, rows: int) -> _Lines | None:
    """Line numbers of the data records, read once with ``csv`` (quoted fields may span lines).

    Mirrors pandas: blank lines are not records, records wider than the header are skipped.
    Returns None if the two readers disagree, and callers fall back to record number + 1."""
    reader = csv.reader(io.StringIO(text, newline="\n"), delimiter=delimiter)
    good: list[int] = []
    too_wide: list[tuple[int, int]] = []
    width = 0
    next_line = 1
    try:
        for number, record in enumerate(reader):
            first_line, next_line = next_line, reader.line_num + 1
            if not record or (len(record) == 1 and not record[0].strip()):
                continue
            if number == 0 or not width:
                width = len(record)
                continue
            if len(record) > width:
                too_wide.append((first_line, len(record)))
            else:
                good.append(first_line)
    except csv.Error:
        return None
    if len(good) != rows:
        return None
    return _Lines(good, too_wide, width)
