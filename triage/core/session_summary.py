"""The summary a client reads after saving a session: sets done against the target, new bests,
and what the coach will see. Pure: no Django.

A best is new when this session beats everything the client logged for that exercise before it:
a higher estimated one-rep max (e1RM), or more reps at a load they had lifted before. A first
ever session of an exercise sets no "best" (there is nothing to beat), so a new client is not
congratulated on every lift of their first day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from triage.core.scoring.features import PARTIAL_CREDIT

# Differences smaller than this (kg) are rounding, not a new best.
E1RM_BEST_MARGIN_KG = 0.05


@dataclass(frozen=True)
class PlannedExercise:
    exercise_id: int
    name: str
    sets: int
    reps_target: int | None = None


@dataclass(frozen=True)
class DoneSet:
    exercise_id: int
    name: str
    reps: int
    load_kg: float
    e1rm_kg: float | None = None


@dataclass(frozen=True)
class PreviousBests:
    """What the client had logged for one exercise before this session."""

    e1rm_kg: float | None = None
    reps_at_load: Mapping[float, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ExerciseLine:
    name: str
    sets_done: int
    sets_target: int | None
    below_target_reps: int = 0


@dataclass(frozen=True)
class SessionSummary:
    status: str
    sets_done: int
    sets_target: int | None
    exercises: tuple[ExerciseLine, ...]
    new_bests: tuple[str, ...]
    coach_sees: tuple[str, ...]

    @property
    def headline(self) -> str:
        if self.sets_target:
            return f"{self.sets_done} of {self.sets_target} sets done"
        return f"{self.sets_done} {'set' if self.sets_done == 1 else 'sets'} done"


def format_kg(value: float) -> str:
    """Kilograms as people write them: 97.5, 100, 2.25 (no trailing zeros)."""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def credit_words(credit: float) -> str:
    """How much of a session a credit is, in words: 0.5 → "half a session"."""
    if credit == 0.5:
        return "half a session"
    return f"{round(credit * 100)}% of a session"


def new_bests(done: Sequence[DoneSet], before: Mapping[int, PreviousBests]) -> tuple[str, ...]:
    """One sentence per exercise that beat the client's earlier best: the e1RM when it rose,
    else the most reps at a load lifted before. Exercises never logged before set no best."""
    by_exercise: dict[int, list[DoneSet]] = {}
    for s in done:
        by_exercise.setdefault(s.exercise_id, []).append(s)
    sentences = []
    for exercise_id, sets in by_exercise.items():
        previous = before.get(exercise_id)
        if previous is None or (previous.e1rm_kg is None and not previous.reps_at_load):
            continue
        name = sets[0].name
        estimates = [s.e1rm_kg for s in sets if s.e1rm_kg]
        best_now = max(estimates, default=None)
        if (
            best_now is not None
            and previous.e1rm_kg is not None
            and best_now > previous.e1rm_kg + E1RM_BEST_MARGIN_KG
        ):
            sentences.append(
                f"{name}: new best estimated one-rep max, {format_kg(best_now)} kg "
                f"(was {format_kg(previous.e1rm_kg)} kg)."
            )
            continue
        improved = [
            s
            for s in sets
            if s.load_kg > 0
            and float(s.load_kg) in previous.reps_at_load
            and s.reps > previous.reps_at_load[float(s.load_kg)]
        ]
        if improved:
            top = max(improved, key=lambda s: (s.load_kg, s.reps))
            was = previous.reps_at_load[float(top.load_kg)]
            sentences.append(
                f"{name}: {top.reps} reps at {format_kg(top.load_kg)} kg, "
                f"your most at that load (was {was})."
            )
    return tuple(sentences)


def summarize(
    status: str,
    planned: Iterable[PlannedExercise],
    done: Sequence[DoneSet],
    before: Mapping[int, PreviousBests],
    *,
    session_rpe: float | None = None,
) -> SessionSummary:
    """Sets done against the plan's sets, the new bests, and the sentences that say what the
    coach sees: the status and how it counts toward consistency, sets short of the target reps,
    the session's effort."""
    planned = list(planned)
    done_by_exercise: dict[int, list[DoneSet]] = {}
    for s in done:
        done_by_exercise.setdefault(s.exercise_id, []).append(s)
    lines = []
    for p in planned:
        sets = done_by_exercise.get(p.exercise_id, [])
        short = sum(1 for s in sets if p.reps_target and s.reps < p.reps_target)
        lines.append(ExerciseLine(p.name, len(sets), p.sets, short))
    planned_ids = {p.exercise_id for p in planned}
    for exercise_id, sets in done_by_exercise.items():
        if exercise_id not in planned_ids:
            lines.append(ExerciseLine(sets[0].name, len(sets), None))
    sets_target = sum(p.sets for p in planned) or None
    bests = new_bests(done, before)

    coach = []
    if status == "partial":
        coach.append(
            f"A partial session: {len(done)} of {sets_target or len(done)} sets. "
            f"It counts as {credit_words(PARTIAL_CREDIT)} toward your consistency."
        )
    else:
        coach.append(
            f"A completed session: {len(done)} "
            f"{'set' if len(done) == 1 else 'sets'}"
            + (f" of {sets_target} planned." if sets_target else ".")
        )
    short_lines = [line for line in lines if line.below_target_reps]
    if short_lines:
        coach.append(
            "Sets short of the target reps: "
            + ", ".join(f"{line.name} ({line.below_target_reps})" for line in short_lines)
            + ". Your coach uses this to set the next loads."
        )
    if session_rpe is not None:
        coach.append(f"How hard it felt: {format_kg(session_rpe)} out of 10.")
    if bests:
        coach.append("Your new bests, on your record.")
    return SessionSummary(
        status=status,
        sets_done=len(done),
        sets_target=sets_target,
        exercises=tuple(lines),
        new_bests=bests,
        coach_sees=tuple(coach),
    )
