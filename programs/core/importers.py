"""Workout-history imports: a Strong or Hevy CSV export read into one row per set. Pure: no Django.

``parse_export(data, fmt, unit=...)`` takes the raw bytes of an upload, the app the user chose
(``"strong"`` or ``"hevy"``) and the unit of weights the file does not name (``"kg"`` or
``"lb"``), and returns a ``ParsedImport``: a pandas frame of sets (columns in ``SET_COLUMNS``), the
rows it refused with their problems (``RowError``, numbered by their line in the file, the header
being line 1), the rows it skipped with the reason (``SkippedRow``), the number of sessions, which
unit it used and, when the file names no unit, a guess (``guess_unit``). A file that is no export
of that app raises ``UnknownFormat`` with a message a person can act on (``TooLarge`` for a file
past the limits, ``EveryRowFailed`` when every row fails the same way).

What is read, and how:

* **Strong**, three layouts: the older comma or semicolon one (Date, Workout Name, Exercise Name,
  Set Order, Weight, Reps; optionally Duration or Workout Duration like ``1h 5m``, Weight Unit,
  RPE, Distance with Distance Unit, Seconds, Notes, Workout Notes), and the newer one with the unit
  in the header (``"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";
  "Weight (kg)"`` or ``"Weight (lbs)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";
  "Workout Notes"``). The delimiter is sniffed from the header line; in semicolon files decimal
  commas (``62,5``) are decimal points. Weights are in the header's unit, else the row's Weight
  Unit (``kg`` / ``lbs``), else ``unit``. ``Set Order`` is a number, ``W`` (warm-up), ``D`` / ``F``
  (drop and failure sets: working sets), ``Note`` (a note on the exercise: kept with the
  session's notes) or ``Rest Timer`` (skipped and reported).
* **Hevy** (title, start_time, exercise_title, set_type, weight_kg or weight_lbs, reps; optionally
  end_time, description, exercise_notes, set_index, distance_km / distance_miles,
  duration_seconds, rpe). Times read like ``26 Jul 2025, 07:06`` or ``Jul 26, 2025, 7:06 PM``;
  the session's duration is end_time minus start_time. ``set_type`` ``warmup`` marks a warm-up.
  An empty weight is body weight: 0 kg.

Times are wall-clock times as the app wrote them (timezone-naive): the caller reads them in the
client's zone. Durations are seconds; a session said to last more than ``MAX_DURATION_SECONDS``
(6 hours: a timer left running) keeps its sets, loses its duration, and is reported as a row
error; a set of more than 6 hours is refused.

A row with no reps but a distance or a time is a cardio set or a timed hold (plank, carry): it is
kept, with 0 reps, its distance in metres and its seconds. On an assisted exercise (a name with
"assisted") the weight is the help of a band or machine: it goes to ``assistance_kg`` and the
load is 0; a negative weight is read the same way. Set notes stay on the set; workout notes,
Hevy's description and notes on exercises become the session's notes.

Every other row is validated on its own: reps a whole number 0-100, load 0-1000 kg (after
converting pounds), RPE empty or 1-10, a date that parses, an exercise name, a distance up to
1000 km. A row that fails becomes one ``RowError`` listing every problem of that row, and the rest
of the file imports; only the first ``MAX_ERRORS`` are listed (``errors_total`` counts them all).

``set_index`` is the 0-based order of a set within its exercise in its session, in file order,
counting only the sets kept. ``session_key`` is the sha1 hex of the session's start (ISO format)
and workout name, so the same file always gives the same keys. Sets come out ordered by
``performed_at`` (a stable sort, so the file's order within a session is kept). Loads, assistance
and distances are rounded to 2 decimals (what ``SetLog`` stores).

Everything is vectorised; a Python loop only builds the messages of the first bad rows (and scans
the file once with ``csv`` to turn record numbers into line numbers, since quoted notes may span
lines).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "ASYNC_ROWS",
    "FORMATS",
    "LBS_TO_KG",
    "MAX_COLUMNS",
    "MAX_DURATION_SECONDS",
    "MAX_ERRORS",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "SET_COLUMNS",
    "UNITS",
    "EveryRowFailed",
    "ParsedImport",
    "RowError",
    "SkippedRow",
    "TooLarge",
    "UnitGuess",
    "UnknownFormat",
    "estimated_rows",
    "guess_unit",
    "minutes_rounded",
    "normalize_unit",
    "parse_export",
    "too_big_message",
    "too_many_rows_message",
]

LBS_TO_KG = 0.45359237
MILE_M = 1609.344
FORMATS = ("strong", "hevy")
UNITS = ("kg", "lb")

# Limits: a file past these is refused before any work (the API answers 413).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 100  # exports have 13-16 columns; a wider header is no export
# Files up to this many rows import within the request; larger ones in a background task.
ASYNC_ROWS = 20_000
MAX_ERRORS = 100  # row errors listed; the rest are counted

SET_COLUMNS = (
    "session_key",
    "performed_at",
    "workout_name",
    "duration_seconds",
    "workout_notes",
    "exercise_name",
    "set_index",
    "reps",
    "load_kg",
    "assistance_kg",
    "rpe",
    "is_warmup",
    "distance_m",
    "seconds",
    "notes",
)
MAX_REPS = 100
MAX_LOAD_KG = 1000.0
MIN_RPE, MAX_RPE = 1.0, 10.0
MAX_DURATION_SECONDS = 6 * 3600
MAX_DISTANCE_M = 1_000_000.0
SURELY_METRES = 100.0  # a distance without a unit above this is in metres

STRONG_REQUIRED = ("Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Reps")
HEVY_REQUIRED = ("title", "start_time", "exercise_title", "set_type", "reps")
HEVY_WEIGHT = ("weight_kg", "weight_lbs")
HEVY_EXPECTED = (
    "title",
    "start_time",
    "exercise_title",
    "set_type",
    "weight_kg or weight_lbs",
    "reps",
)
# Strong's weight column, with the unit its header names (None: the unit is elsewhere).
STRONG_WEIGHT_HEADERS = {
    "weight": None,
    "weight (kg)": "kg",
    "weight (kgs)": "kg",
    "weight (lbs)": "lb",
    "weight (lb)": "lb",
}
STRONG_DISTANCE_HEADERS = {
    "distance": None,
    "distance (meters)": 1.0,
    "distance (m)": 1.0,
    "distance (km)": 1000.0,
    "distance (miles)": MILE_M,
    "distance (mi)": MILE_M,
}
DISTANCE_UNITS = {"m": 1.0, "meters": 1.0, "km": 1000.0, "mi": MILE_M, "miles": MILE_M}

STRONG_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")
HEVY_DATE_FORMATS = (
    "%d %b %Y, %H:%M",
    "%d %B %Y, %H:%M",
    "%b %d, %Y, %I:%M %p",
    "%B %d, %Y, %I:%M %p",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
)
HEVY_DATE_HINT = "26 Jul 2025, 07:06 or Jul 26, 2025, 7:06 PM"

# Column names of Strong exports made with the app in another language (German, Spanish,
# French, Italian, Portuguese, Dutch, Polish, Russian, Turkish...): one is enough to say so.
TRANSLATED_HEADER_WORDS = frozenset(
    {
        "datum",
        "trainingsname",
        "übungsname",
        "satzreihenfolge",
        "gewicht",
        "wiederholungen",
        "dauer",
        "notizen",
        "fecha",
        "nombre del entrenamiento",
        "nombre del ejercicio",
        "orden de series",
        "peso",
        "repeticiones",
        "duración",
        "notas",
        "nom de l'entraînement",
        "nom de l'exercice",
        "ordre des séries",
        "poids",
        "répétitions",
        "durée",
        "data",
        "nome allenamento",
        "nome esercizio",
        "ripetizioni",
        "durata",
        "nome do treino",
        "nome do exercício",
        "repetições",
        "duração",
        "naam training",
        "oefening",
        "gewicht (kg)",
        "herhalingen",
        "nazwa treningu",
        "ciężar",
        "powtórzenia",
        "дата",
        "вес",
        "повторения",
        "tarih",
        "ağırlık",
        "tekrar",
    }
)
ENGLISH_HOW_TO = (
    "Switch the app to English ({app} follows your phone's language: on an iPhone open "
    "Settings › {app} › Language and choose English; on Android set the phone's language to "
    "English), export again ({export}), upload the new file, then switch back. Your workouts in "
    "the app do not change."
)
EXPORT_PATH = {
    "Strong": "in Strong: Profile › Settings › Export Strong Data",
    "Hevy": "in Hevy: Profile › Settings › Export & Import Data › Export Workouts",
}

_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d+(?:\.\d+)?)\s*h)?\s*(?:(?P<m>\d+(?:\.\d+)?)\s*m(?:in)?)?"
    r"\s*(?:(?P<s>\d+(?:\.\d+)?)\s*s)?\s*$"
)
_DECIMAL_COMMA = r"^\s*([-+]?\d*),(\d+)\s*$"
_ASSISTED = r"\bassist(?:ed|ance)?\b"


class UnknownFormat(ValueError):
    """The upload is not an export of the chosen app; the message says what was expected."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TooLarge(UnknownFormat):
    """The upload is past a limit (size, rows or columns): refused before any work."""


class EveryRowFailed(UnknownFormat):
    """Not one row could be read, and every row failed the same way: one clear error."""


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based line number in the file; the header is line 1
    message: str


@dataclass(frozen=True)
class SkippedRow:
    row: int
    reason: str


@dataclass(frozen=True)
class UnitGuess:
    """The unit a file's weights look like they are in, and why, in words for the person."""

    unit: str  # "kg" or "lb"
    reason: str


@dataclass(frozen=True, eq=False)
class ParsedImport:
    sets: pd.DataFrame
    errors: tuple[RowError, ...]  # the first MAX_ERRORS
    sessions: int
    skipped: tuple[SkippedRow, ...] = ()
    errors_total: int = 0
    unit: str = "kg"  # the unit of weights: the file's (most rows'), else the one given
    unit_in_file: bool = False
    unit_guess: UnitGuess | None = None  # when the file names no unit
    rows: int = 0  # data rows read


# --- Entry point ------------------------------------------------------------------------------


def normalize_unit(unit: str | None) -> str:
    """``kg`` or ``lb`` from what a person or a file writes (kg, kgs, lb, lbs, pounds...)."""
    value = (unit or "").strip().lower()
    if value in ("kg", "kgs", "kilo", "kilos", "kilograms"):
        return "kg"
    if value in ("lb", "lbs", "pound", "pounds"):
        return "lb"
    raise ValueError(f"unit must be kg or lb, not {unit!r}")


def minutes_rounded(seconds: float | None) -> int | None:
    """A duration as the whole minutes a person reads: 50 s is 1 min, 89 s is 1, 90 s is 2."""
    if seconds is None or pd.isna(seconds):
        return None
    return int(float(seconds) / 60 + 0.5)


def estimated_rows(data: bytes) -> int:
    """Data rows of a CSV upload, counted by line breaks (quoted notes over several lines count
    more than once: an upper bound, which is what limits need)."""
    data = bytes(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        newline = "\n".encode("utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be")
        lines = data.count(newline)
    else:
        lines = data.count(b"\n") or data.count(b"\r")
    if data and not data.endswith((b"\n", b"\r", b"\n\x00")):
        lines += 1
    return max(0, lines - 1)


def parse_export(data: bytes, fmt: str, *, unit: str = "kg") -> ParsedImport:
    """Read a Strong or Hevy CSV export (see the module docstring for every rule)."""
    fmt = (fmt or "").strip().lower()
    if fmt not in FORMATS:
        raise UnknownFormat(
            f"Unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}."
        )
    unit = normalize_unit(unit)
    label, expected = ("Strong", STRONG_REQUIRED) if fmt == "strong" else ("Hevy", HEVY_EXPECTED)

    def unknown(reason: str) -> UnknownFormat:
        return UnknownFormat(
            f"This does not look like a {label} export: {reason}. Expected: {', '.join(expected)}."
        )

    if len(data) > MAX_UPLOAD_BYTES:
        raise TooLarge(too_big_message(len(data)))
    rows = estimated_rows(data)
    if rows > MAX_ROWS:
        raise TooLarge(too_many_rows_message(rows))
    text = _decode(data, unknown)
    header_line = text.split("\n", 1)[0]
    delimiter = _sniff_delimiter(header_line)
    columns = header_line.count(delimiter) + 1
    if columns > MAX_COLUMNS:
        raise TooLarge(
            f"The header has {columns:,} columns; a {label} export has about 13 to 16. "
            f"This is not a {label} export."
        )
    raw, bad_records = _read(text, delimiter, unknown)
    lookup = {_column_key(name): name for name in raw.columns}
    _require_columns(fmt, label, lookup, raw, unknown)

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
        frame, unit_in_file = _strong(col, lookup, unit, decimal_comma)
    else:
        frame, unit_in_file = _hevy(col, lookup, decimal_comma)
    # Every cell empty or blank (a row of bare delimiters).
    blank = np.ones(len(raw), dtype=bool)
    for name in raw.columns:
        blank &= (col(name) == "").to_numpy()
    return _finish(
        frame,
        raw,
        blank,
        bad_records,
        text,
        delimiter,
        unit=unit,
        unit_in_file=unit_in_file,
        label=label,
    )


def too_big_message(size: int) -> str:
    return (
        f"The file is {size / 1024 / 1024:.1f} MB; at most {MAX_UPLOAD_BYTES // 1024 // 1024} MB "
        "can be imported at once. Export a shorter period and import the files one by one."
    )


def too_many_rows_message(rows: int) -> str:
    return (
        f"The file has about {rows:,} rows; at most {MAX_ROWS:,} can be imported at once. Export "
        "a shorter period and import the files one by one."
    )


def _require_columns(
    fmt: str,
    label: str,
    lookup: dict[str, str],
    raw: pd.DataFrame,
    unknown: Callable[[str], UnknownFormat],
) -> None:
    if fmt == "strong":
        missing = [
            name
            for name in STRONG_REQUIRED
            if _column_key(name) not in lookup
            and not (name == "Weight" and any(key in lookup for key in STRONG_WEIGHT_HEADERS))
        ]
    else:
        has_weight = any(_column_key(name) in lookup for name in HEVY_WEIGHT)
        missing = [
            name
            for name in HEVY_EXPECTED
            if (name in HEVY_REQUIRED and _column_key(name) not in lookup)
            or (name not in HEVY_REQUIRED and not has_weight)
        ]
    if not missing:
        return
    if _looks_translated(lookup, raw):
        shown = ", ".join(list(raw.columns)[:6])
        raise UnknownFormat(
            f"This {label} export was made with the app in another language (its columns are "
            f"{shown}…), and Spotter reads only English exports. "
            + ENGLISH_HOW_TO.format(app=label, export=EXPORT_PATH[label])
        )
    hint = ""
    if fmt == "strong" and all(_column_key(name) in lookup for name in HEVY_REQUIRED):
        hint = " (it looks like a Hevy export)"
    if fmt == "hevy" and all(
        _column_key(name) in lookup for name in STRONG_REQUIRED if name != "Weight"
    ):
        hint = " (it looks like a Strong export)"
    raise unknown(f"missing columns {', '.join(missing)}{hint}")


def _looks_translated(lookup: dict[str, str], raw: pd.DataFrame) -> bool:
    """A known foreign column name, or: about as many columns as an export and a Strong-style
    date in the first column while the English names are missing."""
    if any(key in TRANSLATED_HEADER_WORDS for key in lookup):
        return True
    if not 8 <= len(raw.columns) <= 20 or raw.empty:
        return False
    first = pd.Series(raw.iloc[:5, 0].astype(str).str.strip())
    dates = _datetimes(first, STRONG_DATE_FORMATS)
    english = {"date", "title", "reps", "weight", "exercise name", "exercise_title"}
    return bool(dates.notna().all()) and not english & set(lookup)


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
        unique = unique.str.replace(r"\bSept\b", "Sep", regex=True)
        result = pd.Series(pd.NaT, index=unique.index, dtype="datetime64[ns]")
        for fmt in formats:
            todo = result.isna() & (unique != "")
            if not todo.any():
                break
            result.loc[todo] = pd.to_datetime(unique[todo], format=fmt, errors="coerce")
        return result

    return _by_unique(values, convert).astype("datetime64[ns]")


def _duration_text_seconds(values: pd.Series) -> pd.Series:
    """``1h 5m``, ``45m``, ``1h``, ``50s`` or a bare number of seconds, as seconds."""

    def convert(unique: pd.Series) -> pd.Series:
        parts = unique.str.extract(_DURATION)
        numeric = parts.apply(pd.to_numeric, errors="coerce")
        seconds = (
            numeric["h"].fillna(0) * 3600 + numeric["m"].fillna(0) * 60 + numeric["s"].fillna(0)
        ).astype(float)
        bare = pd.to_numeric(unique.where(unique != "", None), errors="coerce")
        return seconds.where(numeric.notna().any(axis=1), bare).astype(float)

    return _by_unique(values, convert).astype(float)


def _assisted(names: pd.Series) -> pd.Series:
    return _by_unique(names, lambda u: u.str.contains(_ASSISTED, case=False, regex=True)).astype(
        bool
    )


# --- Per-format frames ------------------------------------------------------------------------
#
# Each returns one row per file row with these columns, which _finish validates and shapes:
#   performed_at, date_raw, date_hint, workout_name, session_seconds, session_seconds_raw,
#   workout_notes, exercise_note, exercise_name, is_warmup, is_note, set_order_raw,
#   set_order_bad, reps, reps_raw, weight, weight_raw, unit ("kg" / "lb" / what the file said),
#   unit_raw, rpe, rpe_raw, distance_m, distance_raw, seconds, seconds_raw, notes,
#   skip_reason ("" or why the row is not imported).
# An empty weight is 0 kg (body weight).


def _strong(
    col: Callable[[str], pd.Series], lookup: dict[str, str], unit: str, decimal_comma: bool
) -> tuple[pd.DataFrame, bool]:
    set_order = col("Set Order")
    order_key = _by_unique(set_order, lambda u: u.str.upper())
    reps = _numbers(col("Reps"), decimal_comma)
    weight_header = next((key for key in STRONG_WEIGHT_HEADERS if key in lookup), "weight")
    header_unit = STRONG_WEIGHT_HEADERS[weight_header]
    weight_raw = col(weight_header)
    weight = _numbers(weight_raw, decimal_comma)
    has_unit_column = _column_key("Weight Unit") in lookup
    unit_raw = col("Weight Unit")
    if header_unit is not None:
        row_unit = pd.Series(header_unit, index=weight.index, dtype=object)
    else:
        row_unit = _by_unique(unit_raw, lambda u: u.str.lower()).replace(
            {"": unit, "lbs": "lb", "kgs": "kg"}
        )
    distance_header = next((key for key in STRONG_DISTANCE_HEADERS if key in lookup), "distance")
    distance_raw = col(distance_header)
    distance = _numbers(distance_raw, decimal_comma)
    metres = STRONG_DISTANCE_HEADERS[distance_header]
    if metres is None:
        # Without a unit: kilometres (miles for a lifter in pounds); a number above
        # SURELY_METRES is a rower's or a track's metres, not a distance run in one set.
        default_distance_unit = "km" if unit == "kg" else "mi"
        distance_unit = _by_unique(col("Distance Unit"), lambda u: u.str.lower())
        distance_unit = distance_unit.where(
            distance_unit != "", np.where(distance > SURELY_METRES, "m", default_distance_unit)
        )
        distance_factor = distance_unit.map(DISTANCE_UNITS).astype(float)
    else:
        distance_factor = pd.Series(metres, index=distance.index, dtype=float)
    if _column_key("Duration (sec)") in lookup:
        session_raw = col("Duration (sec)")
        session_seconds = _numbers(session_raw, decimal_comma)
    else:
        duration_name = "Duration" if _column_key("Duration") in lookup else "Workout Duration"
        session_raw = col(duration_name)
        session_seconds = _duration_text_seconds(session_raw)
    is_note = order_key == "NOTE"
    rest_timer = _by_unique(order_key, lambda u: u.str.contains("REST", regex=False)).astype(bool)
    numeric_order = _by_unique(order_key, lambda u: u.str.fullmatch(r"\d+(?:\.0+)?")).astype(bool)
    notes = col("Notes")
    frame = pd.DataFrame(
        {
            "performed_at": _datetimes(col("Date"), STRONG_DATE_FORMATS),
            "date_raw": col("Date"),
            "date_hint": "2023-01-15 08:30:00",
            "workout_name": col("Workout Name"),
            "session_seconds": session_seconds,
            "session_seconds_raw": session_raw,
            "workout_notes": col("Workout Notes"),
            # A Note row's text is about its exercise; it joins the session's notes.
            "exercise_note": notes.where(is_note, ""),
            "exercise_name": col("Exercise Name"),
            "is_warmup": order_key == "W",
            "is_note": is_note,
            "set_order_raw": set_order,
            "set_order_bad": ~(numeric_order | order_key.isin(["W", "D", "F"]) | is_note),
            "reps": reps,
            "reps_raw": col("Reps"),
            "weight": weight,
            "weight_raw": weight_raw,
            "unit": row_unit,
            "unit_raw": unit_raw,
            "rpe": _numbers(col("RPE"), decimal_comma),
            "rpe_raw": col("RPE"),
            "distance_m": distance * distance_factor,
            "distance_raw": distance_raw,
            "seconds": _numbers(col("Seconds"), decimal_comma),
            "seconds_raw": col("Seconds"),
            "notes": notes.where(~is_note, ""),
            "skip_reason": np.where(rest_timer, "a rest timer, not a set", ""),
        }
    )
    return frame, header_unit is not None or has_unit_column


def _hevy(
    col: Callable[[str], pd.Series], lookup: dict[str, str], decimal_comma: bool
) -> tuple[pd.DataFrame, bool]:
    start_raw = col("start_time")
    start = _datetimes(start_raw, HEVY_DATE_FORMATS)
    end = _datetimes(col("end_time"), HEVY_DATE_FORMATS)
    seconds = (end - start).dt.total_seconds()
    in_kg = _column_key("weight_kg") in lookup
    weight_name = "weight_kg" if in_kg else "weight_lbs"
    reps = _numbers(col("reps"), decimal_comma)
    in_km = _column_key("distance_km") in lookup
    distance_raw = col("distance_km" if in_km else "distance_miles")
    distance = _numbers(distance_raw, decimal_comma) * (1000.0 if in_km else MILE_M)
    weight = _numbers(col(weight_name), decimal_comma)
    weight_raw = col(weight_name)
    set_type = _by_unique(col("set_type"), lambda u: u.str.lower())
    frame = pd.DataFrame(
        {
            "performed_at": start,
            "date_raw": start_raw,
            "date_hint": HEVY_DATE_HINT,
            "workout_name": col("title"),
            "session_seconds": seconds.astype(float),
            "session_seconds_raw": "",
            "workout_notes": col("description"),
            "exercise_note": col("exercise_notes"),
            "exercise_name": col("exercise_title"),
            "is_warmup": set_type == "warmup",
            "is_note": False,
            "set_order_raw": col("set_type"),
            "set_order_bad": False,
            "reps": reps,
            "reps_raw": col("reps"),
            # An empty weight is a body-weight set.
            "weight": weight.where(weight_raw != "", 0.0),
            "weight_raw": weight_raw,
            "unit": "kg" if in_kg else "lb",
            "unit_raw": "",
            "rpe": _numbers(col("rpe"), decimal_comma),
            "rpe_raw": col("rpe"),
            "distance_m": distance,
            "distance_raw": distance_raw,
            "seconds": _numbers(col("duration_seconds"), decimal_comma),
            "seconds_raw": col("duration_seconds"),
            "notes": "",
            "skip_reason": "",
        }
    )
    return frame, True


# --- The unit a file's weights look like ------------------------------------------------------

# Barbell loads built from a 45 lb bar and pairs of 45 / 25 / 10 / 5 lb plates.
LB_PLATE_LOADS = frozenset(
    {95, 115, 135, 155, 165, 175, 185, 205, 215, 225, 245, 265, 275, 295, 315, 335, 345, 365, 405}
)
LB_MULTIPLE_OF_5_SHARE = 0.8  # pound loads are almost all multiples of 5 (2.5 lb plates)
LB_PLATE_SHARE = 0.1  # ...and plate totals like 135 or 225 show up often
KG_HALF_SHARE = 0.1  # kilogram loads often end in .5 (62.5, 102.5); pound ones rarely
HEAVY_FOR_KG = 300.0  # a lift heavier than this in kilograms is rare; in pounds, common


def guess_unit(weights: Sequence[float] | np.ndarray | pd.Series) -> UnitGuess:
    """The unit positive weights look like: pounds when most are multiples of 5, few end in .5,
    and plate totals such as 135, 185 or 225 (or loads above 300) appear; else kilograms."""
    values = pd.Series(np.asarray(weights, dtype=float))
    values = values[values.notna() & (values > 0)]
    if values.empty:
        return UnitGuess("kg", "There are no loads to judge by, so kilograms is assumed.")
    multiple_of_5 = float(((values % 5) == 0).mean())
    half = float(((values % 1) == 0.5).mean())
    distinct = values.unique()
    plates = sorted({int(v) for v in distinct if v in LB_PLATE_LOADS})
    plate_share = float(values.isin(LB_PLATE_LOADS).mean())
    heavy = float(values.max()) > HEAVY_FOR_KG
    if (
        multiple_of_5 >= LB_MULTIPLE_OF_5_SHARE
        and half < KG_HALF_SHARE
        and (plate_share >= LB_PLATE_SHARE or heavy)
    ):
        seen = ", ".join(f"{v:g}" for v in plates[:3]) or f"{float(values.max()):g}"
        return UnitGuess(
            "lb",
            f"{multiple_of_5:.0%} of the loads are multiples of 5 and loads like {seen} appear: "
            "these look like pounds.",
        )
    halves = sorted({float(v) for v in distinct if v % 1 == 0.5})[:3]
    if halves:
        example = ", ".join(f"{v:g}" for v in halves)
        return UnitGuess(
            "kg", f"Loads like {example} are usual in kilograms: these look like kilograms."
        )
    return UnitGuess(
        "kg",
        "The loads do not follow pound plates (few like 135 or 225): these look like kilograms.",
    )


# --- Validation and shaping -------------------------------------------------------------------


def _finish(
    frame: pd.DataFrame,
    raw: pd.DataFrame,
    blank: np.ndarray,
    bad_records: bool,
    text: str,
    delimiter: str,
    *,
    unit: str,
    unit_in_file: bool,
    label: str,
) -> ParsedImport:
    total_rows = len(frame)
    skip_reason = frame["skip_reason"].where(~pd.Series(blank, index=frame.index), "an empty row")
    skipped_mask = skip_reason != ""
    notes_rows = frame[frame["is_note"].astype(bool) & ~skipped_mask]
    frame = frame[~skipped_mask & ~frame["is_note"].astype(bool)]

    unit_ok = frame["unit"].isin(["kg", "lb"])
    factor = frame["unit"].map({"kg": 1.0, "lb": LBS_TO_KG})
    assisted = _assisted(frame["exercise_name"]) | (frame["weight"] < 0)
    weight_kg = (frame["weight"].abs() * factor).round(2)
    reps = frame["reps"]
    rpe = frame["rpe"]
    distance = frame["distance_m"]
    set_seconds = frame["seconds"]
    timed = (distance.fillna(0) > 0) | (set_seconds.fillna(0) > 0)
    not_a_date = (frame["date_raw"] != "") & frame["performed_at"].isna()
    checks: list[tuple[pd.Series, Callable[[pd.Series], str]]] = [
        (not_a_date, lambda r: f"Date {r.date_raw!r} is not a date like {r.date_hint}."),
        (frame["exercise_name"] == "", lambda r: "Exercise name is empty."),
        (frame["date_raw"] == "", lambda r: "Date is empty."),
        (
            frame["set_order_bad"].astype(bool),
            lambda r: f"Set Order {r.set_order_raw!r} is not a number, W, D, F or Note.",
        ),
        ((frame["reps_raw"] == "") & ~timed, lambda r: "Reps is empty."),
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
            unit_ok & weight_kg.notna() & (weight_kg > MAX_LOAD_KG),
            lambda r: (
                f"Weight {r.weight_raw} kg is not between 0 and {MAX_LOAD_KG:g} kg."
                if r.unit == "kg"
                else f"Weight {r.weight_raw} lbs ({abs(r.weight) * LBS_TO_KG:.1f} kg) is not "
                f"between 0 and {MAX_LOAD_KG:g} kg."
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
        (
            ((frame["distance_raw"] != "") & distance.isna())
            | (distance < 0)
            | (distance > MAX_DISTANCE_M),
            lambda r: f"Distance {r.distance_raw!r} is not a distance up to 1000 km.",
        ),
        (
            ((frame["seconds_raw"] != "") & set_seconds.isna())
            | (set_seconds < 0)
            | (set_seconds > MAX_DURATION_SECONDS),
            lambda r: f"Seconds {r.seconds_raw!r} is not a time of 0 to 6 hours.",
        ),
    ]
    masks = [mask.fillna(False).astype(bool).to_numpy() for mask, _ in checks]
    bad_array = np.logical_or.reduce(masks) if len(frame) else np.zeros(0, dtype=bool)
    bad = pd.Series(bad_array, index=frame.index)
    note_date_bad = (notes_rows["performed_at"].isna()).to_numpy()

    good = frame[~bad]
    # Session durations: a timer left running for more than 6 hours is no duration.
    session_seconds = good["session_seconds"]
    long_session = session_seconds.notna() & (
        (session_seconds > MAX_DURATION_SECONDS) | (session_seconds < 0)
    )

    lines = None
    if bad.any() or bad_records or skipped_mask.any() or long_session.any() or note_date_bad.any():
        lines = _record_lines(text, delimiter, total_rows)

    def line_of(label_: int) -> int:
        return lines.good[label_] if lines is not None else int(label_) + 2

    errors: list[RowError] = []
    errors_total = int(bad_array.sum()) + int(note_date_bad.sum())
    for position in np.flatnonzero(bad_array)[:MAX_ERRORS]:
        label_ = frame.index[position]
        row = frame.loc[label_]
        messages = [
            message(row) for mask, (_, message) in zip(masks, checks, strict=True) if mask[position]
        ]
        errors.append(RowError(line_of(label_), " ".join(messages)))
    for label_ in notes_rows.index[note_date_bad][:MAX_ERRORS]:
        row = notes_rows.loc[label_]
        errors.append(
            RowError(line_of(label_), f"Date {row.date_raw!r} is not a date like {row.date_hint}.")
        )
    if lines is not None:
        errors_total += len(lines.too_wide)
        errors.extend(
            RowError(line, f"This row has {width} fields but the header has {lines.width}.")
            for line, width in lines.too_wide[:MAX_ERRORS]
        )
    if long_session.any():
        firsts = good[long_session].drop_duplicates(["performed_at", "workout_name"])
        errors_total += len(firsts)
        for label_, row in list(firsts.iterrows())[:MAX_ERRORS]:
            problem = (
                "ends before it starts"
                if row.session_seconds < 0
                else f"lasts {_hours(row.session_seconds)}, more than 6 hours (a timer left "
                "running?)"
            )
            errors.append(
                RowError(
                    line_of(label_),
                    f"The session {problem}: its sets are imported without a duration.",
                )
            )
    errors.sort(key=lambda e: e.row)
    errors = errors[:MAX_ERRORS]

    skipped = tuple(
        SkippedRow(line_of(label_), reason) for label_, reason in skip_reason[skipped_mask].items()
    )

    if good.empty and errors_total:
        _raise_if_every_row_failed(masks, bad_array, checks, errors, errors_total, label)

    load = weight_kg[~bad].where(~assisted[~bad], 0.0).fillna(0.0)
    assistance = weight_kg[~bad].where(assisted[~bad], 0.0).fillna(0.0)
    sets = pd.DataFrame(
        {
            "performed_at": good["performed_at"].astype("datetime64[ns]"),
            "workout_name": good["workout_name"].astype(object),
            "duration_seconds": session_seconds.where(~long_session & (session_seconds > 0)),
            "exercise_name": good["exercise_name"].astype(object),
            "reps": reps[~bad].fillna(0).astype("int64"),
            "load_kg": load.astype(float),
            "assistance_kg": assistance.astype(float),
            "rpe": rpe[~bad].astype(float),
            "is_warmup": good["is_warmup"].astype(bool),
            "distance_m": distance[~bad].where(distance[~bad] > 0).round(2).astype(float),
            "seconds": set_seconds[~bad].where(set_seconds[~bad] > 0).astype(float),
            "notes": good["notes"].astype(object),
        }
    )
    sets["session_key"] = _session_keys(sets)
    by_session = sets.groupby("session_key", sort=False)
    sets["duration_seconds"] = by_session["duration_seconds"].transform("first").astype(float)
    sets["workout_notes"] = _session_notes(sets, good, notes_rows[~note_date_bad])
    sets["set_index"] = (
        sets.groupby(["session_key", "exercise_name"], sort=False).cumcount().astype("int64")
    )
    sets = sets.sort_values("performed_at", kind="mergesort").reset_index(drop=True)
    sets = sets[list(SET_COLUMNS)]

    used_unit, guess = unit, None
    if unit_in_file:
        units = frame.loc[unit_ok, "unit"]
        if not units.empty:
            used_unit = str(units.value_counts().idxmax())
    else:
        kept = ~bad & ~assisted
        guess = guess_unit(frame.loc[kept, "weight"])
    return ParsedImport(
        sets=sets,
        errors=tuple(errors),
        sessions=int(sets["session_key"].nunique()),
        skipped=skipped,
        errors_total=errors_total,
        unit=used_unit,
        unit_in_file=unit_in_file,
        unit_guess=guess,
        rows=total_rows,
    )


def _hours(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours}h {rest // 60}m"


def _raise_if_every_row_failed(
    masks: list[np.ndarray],
    bad_array: np.ndarray,
    checks: list[tuple[pd.Series, Callable[[pd.Series], str]]],
    errors: list[RowError],
    errors_total: int,
    label: str,
) -> None:
    """Nothing imports and every row failed the same checks: one clear error, not thousands."""
    if not errors or errors_total != int(bad_array.sum()):
        return
    signature = np.zeros(len(bad_array), dtype=np.int64)
    for bit, mask in enumerate(masks):
        signature |= mask.astype(np.int64) << bit
    if len(np.unique(signature)) != 1:
        return
    first = errors[0]
    rows = errors_total
    hint = ""
    if masks[0][0]:  # the first check: "not a date"
        hint = (
            " If the app was set to another language, its dates are written in that language. "
            + ENGLISH_HOW_TO.format(app=label, export=EXPORT_PATH[label])
        )
    raise EveryRowFailed(
        f"Nothing was imported: all {rows:,} rows failed the same way (line {first.row} and "
        f"every row after it): {first.message}{hint}"
    )


def _session_notes(sets: pd.DataFrame, good: pd.DataFrame, notes_rows: pd.DataFrame) -> pd.Series:
    """Each session's notes: its workout notes (Strong) or description (Hevy), then the notes on
    its exercises ("Squat (Barbell): knee felt off"), each once, in file order."""
    if sets.empty:
        return pd.Series([], dtype=object)
    key = {
        (when, name): session
        for when, name, session in sets[["performed_at", "workout_name", "session_key"]]
        .drop_duplicates()
        .itertuples(index=False, name=None)
    }
    parts: dict[str, list[str]] = {}

    def add(frame: pd.DataFrame, column: str, prefix: bool) -> None:
        rows = frame[frame[column] != ""]
        if rows.empty:
            return
        rows = rows.drop_duplicates(["performed_at", "workout_name", "exercise_name", column])
        for when, name, exercise, text_ in rows[
            ["performed_at", "workout_name", "exercise_name", column]
        ].itertuples(index=False, name=None):
            session = key.get((when, name))
            if session is None:
                continue
            line = f"{exercise}: {text_}" if prefix and exercise else text_
            bucket = parts.setdefault(session, [])
            if line not in bucket:
                bucket.append(line)

    add(good, "workout_notes", prefix=False)
    add(good, "exercise_note", prefix=True)
    add(notes_rows, "workout_notes", prefix=False)
    add(notes_rows, "exercise_note", prefix=True)
    joined = {session: "\n".join(lines) for session, lines in parts.items()}
    return sets["session_key"].map(joined).fillna("").astype(object)


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
    spread: np.ndarray = keys[by_session.ngroup().to_numpy()]
    return spread


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
