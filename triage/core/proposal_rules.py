"""What the nightly job looks at before it asks programs.core.adjustments for a proposal. Pure: no
Django.

The adjustment rules themselves (when to progress, what to swap, when a schedule should change)
live in ``programs.core.adjustments``; this module turns a client's recent days into their inputs
and says when a proposal should not be made at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from coaching.core.traffic_light import RED
from programs.core.adjustments import SCHEDULE_PATTERN_WEEKS
from programs.core.library import LibraryExercise, loads_injured_area, with_implied_equipment
from triage.core.scoring.levels import RECOVERY_CODES

# Progression changes the prescriptions of the next this-many days (next week's sessions) ...
PROGRESSION_WINDOW_DAYS = 7
# ... from the exercise's last session within this many days.
PROGRESSION_LOOKBACK_DAYS = 14
# A substitution swaps the exercise in the plan's sessions of the next this-many days.
SUBSTITUTION_WINDOW_DAYS = 28
# Pain reported in a check-in within this many days, at this severity (0–10) or more, calls for
# a swap of the exercise it names or of exercises loading the painful area.
PAIN_LOOKBACK_DAYS = 14
SUBSTITUTION_PAIN_SEVERITY = 3
# No progression within this many days of a deload proposal: the plan was just lightened.
DELOAD_QUIET_DAYS = 7
# No progression for a client at these levels: a person looks first.
NO_PROGRESSION_LEVELS = frozenset({RED})
BODY_ONLY = "body only"


def weekly_counts(days: Iterable[date], today: date, weeks: int) -> list[int]:
    """How many of ``days`` fall in each of the ``weeks`` 7-day blocks ending on ``today``,
    oldest block first."""
    counts = [0] * weeks
    for day in days:
        block = (today - day).days // 7
        if 0 <= block < weeks:
            counts[weeks - 1 - block] += 1
    return counts


def schedule_pattern(
    planned_days: Iterable[date], trained_days: Iterable[date], today: date
) -> tuple[int, list[int]] | None:
    """(sessions planned a week, distinct days trained in each week) over the last
    ``SCHEDULE_PATTERN_WEEKS`` weeks, oldest first — or None when the plan did not ask for the
    same number of sessions in every one of those weeks (a plan that started or changed inside
    the month says nothing yet about a pattern)."""
    weeks = SCHEDULE_PATTERN_WEEKS
    planned = weekly_counts(planned_days, today, weeks)
    if planned[0] == 0 or len(set(planned)) != 1:
        return None
    return planned[0], weekly_counts(set(trained_days), today, weeks)


EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    """A day as days since 1970-01-01: how the set-wise rules compare days."""
    return (day - EPOCH).days


def schedule_patterns(
    planned: pd.DataFrame, trained: pd.DataFrame, today: Mapping[int, date]
) -> dict[int, tuple[int, list[int]]]:
    """``schedule_pattern`` for many clients at once, set-wise: ``planned`` has a row per
    planned session (client_id, planned_date), ``trained`` a row per session trained
    (client_id, performed_date; a day counts once), both as datetimes or dates, ``today`` each
    client's day. Only the clients with a pattern are returned."""
    clients = pd.Index(list(today))
    weeks = SCHEDULE_PATTERN_WEEKS
    today_number = {pk: day_number(day) for pk, day in today.items()}

    def table(frame: pd.DataFrame, column: str, distinct: bool) -> np.ndarray:
        rows = frame.loc[frame["client_id"].isin(clients), ["client_id", column]]
        numbers = pd.to_datetime(rows[column], cache=False).to_numpy().astype("datetime64[D]")
        rows = rows.assign(**{column: numbers.astype("int64")})
        if distinct:
            rows = rows.drop_duplicates()
        back = rows["client_id"].map(today_number).to_numpy(dtype="int64") - rows[column]
        block = back.to_numpy(dtype="int64") // 7
        inside = (block >= 0) & (block < weeks)
        cells = clients.get_indexer(rows["client_id"])[inside] * weeks + (weeks - 1 - block[inside])
        return np.bincount(cells.astype("int64"), minlength=len(clients) * weeks).reshape(
            len(clients), weeks
        )

    planned_weeks = table(planned, "planned_date", distinct=False)
    trained_weeks = table(trained, "performed_date", distinct=True)
    steady = (planned_weeks[:, 0] > 0) & (planned_weeks == planned_weeks[:, :1]).all(axis=1)
    return {
        int(clients[i]): (int(planned_weeks[i, 0]), trained_weeks[i].tolist())
        for i in np.flatnonzero(steady)
    }


# Open review items about pain (from check-ins and logs): while one is open, no progression.
PAIN_REASON_KINDS = frozenset(
    {"new_pain", "mild_new_pain", "pain_after_new_exercise", "known_pain_high"}
)


def progression_allowed(
    level: str,
    deloaded_recently: bool,
    being_swapped: bool = False,
    *,
    reason_codes: Iterable[str] = (),
    pain_open: bool = False,
) -> bool:
    """No progression for a red client, for one the night flagged for fatigue, recovery or
    falling lifts (``RECOVERY_CODES`` among ``reason_codes``), for one with pain open (an open
    pain item, or pain reported in the last ``PAIN_LOOKBACK_DAYS`` days), within
    ``DELOAD_QUIET_DAYS`` of a deload proposal, or of an exercise a substitution is (or was just)
    proposed for: more load is not the answer while a person looks, the body is asking for less,
    the plan was just lightened, or the exercise hurts or cannot be done."""
    if level in NO_PROGRESSION_LEVELS or deloaded_recently or being_swapped or pain_open:
        return False
    return not (RECOVERY_CODES & set(reason_codes))


@dataclass(frozen=True)
class PainReport:
    """Pain from a check-in: where, how bad (0–10), the exercise it was felt in (if named)."""

    area: str
    severity: int
    reported_on: date
    exercise_id: int | None = None


def substitution_reason(
    exercise: LibraryExercise,
    exercise_id: int,
    pains: Sequence[PainReport],
    equipment: Iterable[str] | None,
) -> str | None:
    """Why this planned exercise should be swapped, in one clause, or None: pain of at least
    ``SUBSTITUTION_PAIN_SEVERITY``/10 was reported with it or in an area it loads moderately or
    more, or it needs equipment the client's approved intake does not list, such as a pull-up
    bar or a rack (None: no list, nothing to compare; machines or cables mean a gym)."""
    for pain in sorted(pains, key=lambda p: p.reported_on, reverse=True):
        if pain.severity < SUBSTITUTION_PAIN_SEVERITY:
            continue
        when = f"{pain.reported_on:%-d %b}"
        if pain.exercise_id == exercise_id:
            return f"{pain.area} pain ({pain.severity}/10) was reported with it on {when}"
        if loads_injured_area(exercise, pain.area):
            return (
                f"it loads the {pain.area}, where pain ({pain.severity}/10) was reported on {when}"
            )
    if equipment is not None:
        available = with_implied_equipment(equipment)
        if not exercise.available_in(available):
            missing = exercise.missing_from(available)
            return f"it needs {missing}, which is not among the client's equipment"
    return None


def lacks_equipment(
    equipment: str, needs: Sequence[frozenset[str]], client_equipment: Iterable[str]
) -> bool:
    """Whether the client's equipment (with body weight and what a gym implies) covers none
    of an exercise's alternatives (``needs``; none given: its own ``equipment``)."""
    have = with_implied_equipment(client_equipment)
    options = needs or (frozenset({equipment}) - {BODY_ONLY},)
    return not any(option <= have for option in options)


def pain_areas(pains: Sequence[PainReport]) -> list[str]:
    """The areas a substitute must not load: every pain at the substitution severity."""
    return sorted({p.area for p in pains if p.severity >= SUBSTITUTION_PAIN_SEVERITY})


def within(day: date, start: date, days: int) -> bool:
    """Whether ``day`` is one of the ``days`` days after ``start``."""
    return start < day <= start + timedelta(days=days)
