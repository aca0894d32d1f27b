"""The triage benchmark: a labelled synthetic population through the real check-in path and the
real nightly job, judged by the review queue open at the end.

    python benchmarks/triage.py [--clients 300] [--seed 1] [--nights all|final-week]
        [--database-url sqlite:////tmp/triage-bench.sqlite3]

Each client belongs to an archetype with the levels a careful coach accepts at the end:

| archetype | accepted | what happens |
|---|---|---|
| steady | green | answers move a point either way week to week around their own centre (now and then all a point worse together), no trend; at most one session missed in a week |
| three_of_four | green | four planned, reliably three done (which one is missed varies) |
| missed_week | green | a whole week missed six weeks before the end, training as usual since |
| always_low | green | answers low on every scale (readiness, sleep, mood about 2/5, fatigue 3-4/5) and trains as planned |
| new_client | green | joined two weeks before the end, nothing wrong |
| travel | green or yellow | missed the last week and said so in the check-in ("away for work", ...) |
| fading | yellow or red | four sessions a week, two a week in the last two weeks |
| dropout | yellow or red | nothing logged and no check-in for the last 15-18 days |
| overreaching | yellow or red | over the last three weeks fatigue rises about two points, readiness falls about two, e1RM falls 6-12% |
| silent_decline | yellow or red | e1RM down 8-12% over the last three weeks (every main lift, or one of them), answers say they feel great |
| knee_pain | yellow or red | a knee-loading exercise added two weeks before the end; the latest check-in reports new knee pain of 4-6/10 with it |
| chest | red | the latest check-in ticks chest pain and says so in the notes |

Everything is randomised within each archetype from ``--seed``: sessions a week (3 or 4) and
weekdays, check-in weekday, two to four main lifts with their own strength, progression and
session-to-session noise, the centre and jitter of every answer (with weeks when everything is a
little worse together), which sessions are missed, how large and how long each archetype's change
is, and the notes, from several phrasings.

The driver (``drive``) makes one organization with a coach, gives each client a program (planned
sessions with prescriptions), then lives the 12 weeks day by day on a clock that moves with the
simulation: sessions are logged through ``programs.logging.record_workout`` (e1RM computed there),
check-ins through ``triage.checkins.submit_check_in`` (red-flag reading, items, holds), and each
night ``triage.nightly.score_organization`` scores the day (features, levels, review items,
deloads, progressions, schedule changes). The coach works the queue once a week: every item open
on the morning of a week is resolved "no change"; the items still open at the end are a week's
work. ``--coach never`` resolves nothing, so the queue at the end is whatever twelve weeks left
open (nightly yellows clear by themselves once their signal has been quiet for a week). ``--nights final-week`` runs the nightly only in that last week (what the queue at the end
depends on, since every feature is read from history), for speed.

It prints, per archetype and overall: how many ended at an accepted level, red recall (red
clients at red), at-risk recall (clients who need a person at yellow or red), false alarms (healthy
clients with anything open), clients in the queue per 100, coach minutes a week (red 15, yellow 5,
client request 5, intake 10 per open item) and those minutes per 100 healthy clients.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WEEKS = 12
DAYS = WEEKS * 7
# The simulation's last day is this date plus 0-6 days from the seed (a winter date: no DST).
BASE_END = date(2026, 2, 1)
LOG_HOUR, CHECKIN_HOUR, NIGHT_HOUR, SWEEP_HOUR = 18, 20, 2, 8

GREEN, YELLOW, RED = "green", "yellow", "red"
RANK = {GREEN: 0, YELLOW: 1, RED: 2}

# archetype -> (share of the population, accepted end levels, group)
ARCHETYPES: dict[str, tuple[float, frozenset, str]] = {
    "steady": (0.20, frozenset({GREEN}), "healthy"),
    "three_of_four": (0.11, frozenset({GREEN}), "healthy"),
    "missed_week": (0.10, frozenset({GREEN}), "healthy"),
    "always_low": (0.11, frozenset({GREEN}), "healthy"),
    "new_client": (0.10, frozenset({GREEN}), "healthy"),
    "travel": (0.05, frozenset({GREEN, YELLOW}), "travel"),
    "fading": (0.06, frozenset({YELLOW, RED}), "at_risk"),
    "dropout": (0.05, frozenset({YELLOW, RED}), "at_risk"),
    "overreaching": (0.06, frozenset({YELLOW, RED}), "at_risk"),
    "silent_decline": (0.06, frozenset({YELLOW, RED}), "at_risk"),
    "knee_pain": (0.05, frozenset({YELLOW, RED}), "at_risk"),
    "chest": (0.05, frozenset({RED}), "red"),
}
MINUTES = {RED: 15, YELLOW: 5, "client_request": 5, "intake": 10}
TARGETS = {
    "red_recall": 1.0,
    "at_risk_recall": 0.95,
    "false_alarms": 0.03,
    "minutes_per_100_healthy": 10.0,
}

LIFTS = {  # name -> (pattern, primary muscle, equipment, base e1RM range in kg)
    "Back Squat": ("squat", "quadriceps", "barbell", (80, 170)),
    "Bench Press": ("horizontal_push", "chest", "barbell", (50, 130)),
    "Deadlift": ("hinge", "hamstrings", "barbell", (100, 210)),
    "Overhead Press": ("vertical_push", "shoulders", "barbell", (35, 80)),
    "Barbell Row": ("horizontal_pull", "middle back", "barbell", (50, 110)),
}
NEW_KNEE_EXERCISES = {
    "Walking Lunge": ("lunge", "quadriceps", "dumbbell"),
    "Bulgarian Split Squat": ("lunge", "quadriceps", "dumbbell"),
    "Step-up": ("lunge", "quadriceps", "dumbbell"),
}
FOUR_DAY = [(0, 1, 3, 4), (0, 2, 4, 5), (0, 1, 3, 5), (1, 2, 4, 6), (0, 2, 3, 5), (1, 3, 4, 6)]
THREE_DAY = [(0, 2, 4), (1, 3, 5), (0, 2, 5), (1, 3, 6), (0, 3, 5)]

CALM_NOTES = [
    "",
    "",
    "",
    "Good week.",
    "All fine, sessions done.",
    "Busy week at work but got the sessions in.",
    "Felt strong on the last session.",
    "nothing to report",
    "Slept a bit badly midweek, otherwise ok",
]
LOW_NOTES = ["", "", "Tired as usual but got it done.", "meh week, trained anyway", "ok"]
GREAT_NOTES = [
    "Feeling great!",
    "Best I've felt in ages",
    "All good, feeling strong",
    "great week, loving the program",
    "",
]
TRAVEL_NOTES = [
    "Away for work all week, no gym at the hotel. Back to normal next week.",
    "travelling this week so I skipped my sessions",
    "On holiday this week, will pick it back up on Monday",
    "Work trip, couldn't train this week. Home Sunday.",
]
KNEE_NOTES = [
    "My knee has been hurting since we added {exercise}.",
    "knee pain on the {exercise}, about {severity}/10",
    "Left knee hurts after {exercise}, around {severity} out of 10.",
    "right knee pain when I do {exercise}",
]
CHEST_NOTES = [
    "Had chest pain during my last session.",
    "chest pain on the bike yesterday, had to stop",
    "I had pain in my chest while running.",
    "Chest pain and pressure after the deadlifts.",
]


# --- The population (pure) ------------------------------------------------------------------


@dataclass
class Session:
    day: int  # 0 .. DAYS-1
    status: str  # completed | partial | skipped
    skip_reason: str = ""
    sets: list = field(default_factory=list)  # (lift name, reps, load kg, rpe)


@dataclass
class CheckInPlan:
    day: int
    answers: dict
    notes: str = ""
    pain: dict | None = None  # {area, severity, new, exercise name}
    symptoms: tuple = ()


@dataclass
class ClientScript:
    number: int
    archetype: str
    start_day: int
    weekdays: tuple
    lifts: list  # main lift names
    new_exercise: str | None  # a knee-loading exercise added two weeks before the end
    sessions: list
    check_ins: list

    @property
    def accepted(self) -> frozenset:
        return ARCHETYPES[self.archetype][1]

    @property
    def group(self) -> str:
        return ARCHETYPES[self.archetype][2]


def end_date(seed: int) -> date:
    return BASE_END + timedelta(days=seed % 7)


def day_date(end: date, day: int) -> date:
    return end - timedelta(days=DAYS - 1 - day)


def _archetype_counts(clients: int) -> list[str]:
    """Archetypes for ``clients`` clients in their shares (largest remainders), at least one of
    each when there are enough clients."""
    names = list(ARCHETYPES)
    exact = {name: ARCHETYPES[name][0] * clients for name in names}
    counts = {name: int(exact[name]) for name in names}
    if clients >= len(names):
        for name in names:
            counts[name] = max(counts[name], 1)
    left = clients - sum(counts.values())
    for name in sorted(names, key=lambda n: exact[n] - int(exact[n]), reverse=True):
        if left <= 0:
            break
        counts[name] += 1
        left -= 1
    while sum(counts.values()) > clients:
        biggest = max(counts, key=counts.get)
        counts[biggest] -= 1
    return [name for name in names for _ in range(counts[name])]


def _clip(value: float, low: float = 1, high: float = 5) -> int:
    return int(min(high, max(low, round(value))))


class _Person:
    """One client's habits: the centres and jitter of their answers, their lifts."""

    def __init__(self, rng: random.Random, archetype: str):
        self.rng = rng
        low = archetype == "always_low"
        self.centre = {
            "readiness": rng.choice([2]) if low else rng.choice([3, 4, 4, 5]),
            "sleep_quality": 2 if low else rng.choice([3, 4, 4]),
            "mood": 2 if low else rng.choice([3, 4, 4, 5]),
            "fatigue": rng.choice([3, 4]) if low else rng.choice([1, 2, 2, 3]),
            "stress": rng.choice([3, 4]) if low else rng.choice([2, 2, 3]),
            "soreness": rng.choice([2, 3]),
        }
        if archetype == "silent_decline":
            self.centre.update(readiness=rng.choice([4, 5]), mood=rng.choice([4, 5]), fatigue=1)
        self.jitter = rng.uniform(0.3, 0.7)  # chance an answer moves a point this week
        self.bad_week = rng.uniform(0.0, 0.12)  # chance every answer is a point worse together
        self.sleep_hours = rng.uniform(6.0, 8.0)
        self.form_noise = rng.uniform(0.01, 0.02)  # the day's form, shared by the lifts
        self.strength = rng.uniform(0.8, 1.2)

    def answers(self, shift: dict | None = None) -> dict:
        rng, shift = self.rng, shift or {}
        worse = rng.random() < self.bad_week
        out = {}
        for name, centre in self.centre.items():
            value = centre + shift.get(name, 0.0)
            if worse:  # a bad week: every answer a point worse together
                value += 1 if name in ("fatigue", "stress", "soreness") else -1
            elif rng.random() < self.jitter:  # otherwise each moves a point either way, or not
                value += rng.choice([-1, 1])
            out[name] = _clip(value)
        hours = self.sleep_hours + shift.get("sleep_hours", 0.0) + rng.gauss(0, 0.4)
        out["sleep_hours"] = round(min(11.0, max(3.0, hours)) * 2) / 2
        return out


def _sets_for(rng: random.Random, e1rm: float, reps_target: int, load_kg: float) -> list:
    """Three working sets at the prescribed load: the reps and RPE a lifter with ``e1rm`` today
    would log (Epley read backwards, a little lost each set)."""
    sets = []
    for index in range(3):
        effective = 30 * (e1rm / load_kg - 1) - 0.4 * index
        reps = max(1, min(reps_target, math.floor(effective)))
        rpe = min(10.0, max(6.0, round((10 - (effective - reps)) * 2) / 2))
        sets.append((reps, load_kg, rpe))
    return sets


def script_client(number: int, archetype: str, seed: int, end: date) -> ClientScript:
    """One client's 12 weeks ending on ``end``: sessions with sets, and check-ins."""
    rng = random.Random(f"{seed}:{number}:{archetype}")
    person = _Person(rng, archetype)
    per_week = 4 if archetype in ("three_of_four", "fading") else rng.choice([3, 4, 4])
    weekdays = rng.choice(FOUR_DAY if per_week == 4 else THREE_DAY)
    checkin_weekday = rng.randrange(7)
    start = DAYS - rng.randint(14, 16) if archetype == "new_client" else 0
    lifts = rng.sample(list(LIFTS), rng.choice([2, 3, 3, 4]))
    base = {
        lift: rng.uniform(*LIFTS[lift][3]) * person.strength * rng.uniform(0.9, 1.1)
        for lift in lifts
    }
    progress = {lift: rng.uniform(0.0, 0.006) for lift in lifts}  # per week
    lift_noise = {lift: rng.uniform(0.008, 0.022) for lift in lifts}
    reps_target = {lift: rng.choice([3, 5, 5, 8]) for lift in lifts}
    new_exercise = rng.choice(list(NEW_KNEE_EXERCISES)) if archetype == "knee_pain" else None

    # The archetype's change: over the last `span` days, e1RM falls by `drop` (for `falling`
    # lifts), answers shift.
    drop, span, falling = 0.0, 21, []
    if archetype == "overreaching":
        drop, falling = rng.uniform(0.06, 0.12), list(lifts)
    elif archetype == "silent_decline":
        drop = rng.uniform(0.08, 0.12)
        falling = list(lifts) if rng.random() < 0.6 else [rng.choice(lifts)]
    fatigue_rise = rng.uniform(1.6, 2.4) if archetype == "overreaching" else 0.0

    def change(day: int) -> float:
        """How far into the archetype's change a day is: 0 before, 1 at the end."""
        return min(1.0, max(0.0, (day - (DAYS - 1 - span)) / span))

    def e1rm(lift: str, day: int) -> float:
        weeks_in = (day - start) / 7
        value = base[lift] * (1 + progress[lift] * weeks_in)
        if lift in falling:
            value *= 1 - drop * change(day)
        return value

    # Which planned days are trained.
    planned_days = [d for d in range(start, DAYS) if day_date(end, d).weekday() in weekdays]
    by_week = defaultdict(list)
    for d in planned_days:
        by_week[(d - start) // 7].append(d)
    missed: set[int] = set()
    miss_week_chance = rng.uniform(0.1, 0.3)
    for days in by_week.values():
        if archetype == "three_of_four":
            if rng.random() < 0.85:
                missed.add(rng.choice(days))
        elif rng.random() < miss_week_chance:
            missed.add(rng.choice(days))
    if archetype == "missed_week":
        missed |= {d for d in planned_days if DAYS - 42 <= d < DAYS - 35}
    if archetype == "travel":
        missed |= {d for d in planned_days if d >= DAYS - 7}
    if archetype == "fading":
        for week_start in (DAYS - 14, DAYS - 7):
            days = [d for d in planned_days if week_start <= d < week_start + 7]
            keep = set(rng.sample(days, min(2, len(days))))
            missed |= set(days) - keep
    silent_from = DAYS - rng.randint(15, 18) if archetype == "dropout" else DAYS
    missed |= {d for d in planned_days if d >= silent_from}

    sessions = []
    form = {}
    for index, d in enumerate(planned_days):
        if d in missed:
            if d < silent_from and rng.random() < 0.4:
                reason = "travel" if archetype == "travel" else rng.choice(["time", "schedule"])
                sessions.append(Session(d, "skipped", reason))
            continue
        form[d] = rng.gauss(0, person.form_noise)
        today = [lifts[index % len(lifts)], lifts[(index + 1) % len(lifts)]]
        sets = []
        for lift in dict.fromkeys(today):
            planned_e1rm = base[lift] * (1 + progress[lift] * ((d - start) // 7) / 1)
            load = round(planned_e1rm / (1 + (reps_target[lift] + 2) / 30) / 2.5) * 2.5
            true = e1rm(lift, d) * (1 + form[d] + rng.gauss(0, lift_noise[lift]))
            sets += [(lift, *s) for s in _sets_for(rng, true, reps_target[lift], load)]
        if new_exercise and d >= DAYS - 14:
            sets += [(new_exercise, 10, 12.5 * round(person.strength * 1.6), 7.0)] * 3
        sessions.append(Session(d, "completed", sets=sets))

    check_ins = []
    skip_checkin_week = rng.random() < 0.5 if archetype == "missed_week" else False
    for d in range(start, DAYS):
        if day_date(end, d).weekday() != checkin_weekday or d >= silent_from:
            continue
        if skip_checkin_week and DAYS - 42 <= d < DAYS - 35:
            continue
        shift = {}
        if archetype == "overreaching":
            share = change(d)
            shift = {
                "fatigue": fatigue_rise * share,
                "readiness": -fatigue_rise * share,
                "sleep_quality": -share,
                "mood": -0.5 * share,
                "sleep_hours": -0.5 * share,
            }
        notes = rng.choice(
            GREAT_NOTES
            if archetype == "silent_decline"
            else LOW_NOTES
            if archetype == "always_low"
            else CALM_NOTES
        )
        check_ins.append(CheckInPlan(d, person.answers(shift), notes))
    if check_ins and archetype in ("travel", "knee_pain", "chest"):
        latest = check_ins[-1]
        if archetype == "travel":
            latest.notes = rng.choice(TRAVEL_NOTES)
        elif archetype == "knee_pain":
            severity = rng.randint(4, 6)
            latest.pain = {"area": "knee", "severity": severity, "new": True}
            latest.pain["exercise"] = new_exercise
            latest.notes = rng.choice(KNEE_NOTES).format(
                exercise=new_exercise.lower() + "s", severity=severity
            )
        else:
            latest.symptoms = ("chest_pain",)
            latest.notes = rng.choice(CHEST_NOTES)
    return ClientScript(
        number, archetype, start, tuple(weekdays), lifts, new_exercise, sessions, check_ins
    )


def build_population(clients: int, seed: int) -> list[ClientScript]:
    """The labelled population: archetypes in their shares, each client randomised."""
    names = _archetype_counts(clients)
    random.Random(seed).shuffle(names)
    end = end_date(seed)
    return [script_client(number, name, seed, end) for number, name in enumerate(names)]


# --- The driver (Django) --------------------------------------------------------------------


def _aware(day: date, hour: int, zone) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=zone)


def _exercises():
    """The benchmark's exercises (global library rows, made if missing)."""
    from programs.models import Exercise

    wanted = {
        name: (pattern, muscle, equipment)
        for name, (pattern, muscle, equipment, _) in LIFTS.items()
    }
    wanted.update(NEW_KNEE_EXERCISES)
    found = {}
    for name, (pattern, muscle, equipment) in wanted.items():
        key = "bench-" + name.lower().replace(" ", "-")
        exercise, _ = Exercise.unscoped.get_or_create(
            key=key,
            organization=None,
            defaults={
                "name": name,
                "pattern": pattern,
                "primary_muscles": [muscle],
                "equipment": equipment,
                "category": "strength",
            },
        )
        found[name] = exercise
    return found


def setup_world(population: list[ClientScript], end: date, slug: str = "triage-bench"):
    """One organization, a coach, and each client with a program of planned sessions."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from coaching.models import Client, Membership, Organization, Role
    from coaching.tenancy import tenant_scope
    from programs.models import PlannedWorkout, Prescription, Program, ProgramWeek

    User = get_user_model()
    organization = Organization.objects.create(name="Triage Bench", slug=slug, time_zone="UTC")
    zone = _zone(organization)
    with transaction.atomic(), tenant_scope(organization):
        coach = User.objects.create_user(f"coach@{slug}.test", "bench-pass-1", name="Coach")
        Membership.unscoped.create(organization=organization, user=coach, role=Role.COACH)
        exercises = _exercises()
        records = {}
        for script in population:
            user = User.objects.create_user(
                f"client{script.number}@{slug}.test", None, name=f"Client {script.number}"
            )
            Membership.unscoped.create(organization=organization, user=user, role=Role.CLIENT)
            start = day_date(end, script.start_day)
            client = Client.unscoped.create(
                organization=organization,
                user=user,
                coach=coach,
                created_at=_aware(start, 9, zone),
            )
            program = Program.unscoped.create(
                organization=organization,
                client=client,
                name="Strength block",
                status="active",
                start_date=start,
            )
            weeks = {}
            workouts = []
            planned_days = [
                d
                for d in range(script.start_day, DAYS + 14)
                if day_date(end, d).weekday() in script.weekdays
            ]
            for d in planned_days:
                index = (d - script.start_day) // 7
                if index not in weeks:
                    weeks[index] = ProgramWeek.unscoped.create(
                        organization=organization, program=program, index=index + 1
                    )
                workouts.append(
                    PlannedWorkout(
                        organization=organization,
                        week=weeks[index],
                        program=program,
                        client=client,
                        day_index=day_date(end, d).weekday(),
                        planned_date=day_date(end, d),
                        name="Session",
                    )
                )
            PlannedWorkout.unscoped.bulk_create(workouts)
            prescriptions = []
            for position, workout in enumerate(workouts):
                d = planned_days[position]
                lifts = [
                    script.lifts[position % len(script.lifts)],
                    script.lifts[(position + 1) % len(script.lifts)],
                ]
                if script.new_exercise and d >= DAYS - 14:
                    lifts.append(script.new_exercise)
                for order, lift in enumerate(dict.fromkeys(lifts)):
                    prescriptions.append(
                        Prescription(
                            organization=organization,
                            workout=workout,
                            exercise=exercises[lift],
                            order=order,
                            sets=3,
                            reps_min=3,
                            reps_max=10 if lift == script.new_exercise else 8,
                            target_rpe=8,
                        )
                    )
            Prescription.unscoped.bulk_create(prescriptions)
            records[script.number] = (client, {w.planned_date: w for w in workouts})
    return organization, coach, exercises, records


def _zone(organization):
    import zoneinfo

    return zoneinfo.ZoneInfo(organization.time_zone)


def _live_day(organization, exercises, records, sessions, check_ins, end, d):
    """Day ``d`` as the clients live it: sessions logged, check-ins submitted."""
    from django.db import transaction

    from coaching.tenancy import tenant_scope
    from programs.logging import record_workout
    from triage.checkins import submit_check_in

    zone = _zone(organization)
    today = day_date(end, d)
    with transaction.atomic(), tenant_scope(organization):
        for script, session in sessions:
            client, workouts = records[script.number]
            data = {
                "client_uuid": uuid.uuid5(uuid.NAMESPACE_URL, f"{script.number}:{d}"),
                "workout": workouts.get(today),
                "performed_at": _aware(today, LOG_HOUR, zone),
                "status": session.status,
                "skip_reason": session.skip_reason,
                "sets": [
                    {
                        "exercise": exercises[lift],
                        "set_index": index,
                        "reps": reps,
                        "load_kg": load,
                        "rpe": rpe,
                    }
                    for index, (lift, reps, load, rpe) in enumerate(session.sets)
                ],
            }
            record_workout(client, data, by=client.user)
        for script, plan in check_ins:
            client, _ = records[script.number]
            pain = None
            if plan.pain:
                pain = {
                    "area": plan.pain["area"],
                    "severity": plan.pain["severity"],
                    "new": plan.pain["new"],
                    "related_exercise": exercises.get(plan.pain.get("exercise")),
                }
            submit_check_in(
                client,
                {
                    **plan.answers,
                    "client_uuid": uuid.uuid5(uuid.NAMESPACE_URL, f"c{script.number}:{d}"),
                    "notes": plan.notes,
                    "pain": pain,
                    "symptoms": list(plan.symptoms),
                },
                by=client.user,
            )


def _sweep(organization, coach, now) -> int:
    """The coach works the queue: every open item resolved, no change."""
    from django.db import transaction

    from coaching.tenancy import tenant_scope
    from triage import queue
    from triage.models import ReviewItem

    with transaction.atomic(), tenant_scope(organization):
        items = list(ReviewItem.objects.filter(status="open").select_related("client"))
        for item in items:
            queue.resolve_item(item, resolution="no_change", message="", by=coach, now=now)
    return len(items)


def drive(
    population,
    end: date,
    *,
    nights: str = "all",
    slug="triage-bench",
    progress=None,
    coach: str = "weekly",
):
    """Live the 12 weeks: returns (organization, records, seconds in the nightly job)."""
    import time_machine

    from triage.nightly import score_organization

    organization, coach, exercises, records = setup_world(population, end, slug)
    zone = _zone(organization)
    sessions, check_ins = defaultdict(list), defaultdict(list)
    for script in population:
        for session in script.sessions:
            sessions[session.day].append((script, session))
        for plan in script.check_ins:
            check_ins[plan.day].append((script, plan))
    final_week = DAYS - 7
    first_night = 0 if nights == "all" else final_week
    nightly_seconds = 0.0
    for d in range(DAYS):
        today = day_date(end, d)
        if coach == "weekly" and d % 7 == final_week % 7 and d > 0:
            with time_machine.travel(_aware(today, SWEEP_HOUR, zone), tick=False):
                _sweep(organization, coach, _aware(today, SWEEP_HOUR, zone))
        with time_machine.travel(_aware(today, LOG_HOUR, zone), tick=False):
            _live_day(organization, exercises, records, sessions[d], check_ins[d], end, d)
        if d >= first_night:
            started = time.monotonic()
            night = _aware(today + timedelta(days=1), NIGHT_HOUR, zone)
            with time_machine.travel(night, tick=False):
                score_organization(organization, today)
            nightly_seconds += time.monotonic() - started
        if progress:
            progress(d + 1, DAYS)
    return organization, records, nightly_seconds


# --- The judge ------------------------------------------------------------------------------


@dataclass
class Outcome:
    number: int
    archetype: str
    level: str  # the worst open item's level, green when nothing is open
    minutes: int
    reasons: tuple
    ever_flagged: bool

    @property
    def accepted(self) -> bool:
        return self.level in ARCHETYPES[self.archetype][1]

    @property
    def group(self) -> str:
        return ARCHETYPES[self.archetype][2]


def item_minutes(level: str, reason_kind: str, source: str) -> int:
    """A coach's minutes for one open item: a client's request 5, red 15, yellow 5."""
    if reason_kind == "human_requested" or source == "client_request":
        return MINUTES["client_request"]
    return MINUTES[RED] if level == RED else MINUTES[YELLOW]


def outcomes(organization, population, records) -> tuple[list[Outcome], int]:
    """Each client's end state from the open queue (and whether a night ever scored them
    yellow or red), and the intakes waiting (10 minutes each)."""
    from coaching.models import Intake
    from coaching.tenancy import tenant_scope
    from triage.models import AdherenceScore, ReviewItem

    with tenant_scope(organization):
        open_items = defaultdict(list)
        for client_id, level, kind, source in ReviewItem.objects.filter(status="open").values_list(
            "client_id", "level", "reason_kind", "source"
        ):
            open_items[client_id].append((level, kind, source))
        flagged_ever = set(
            AdherenceScore.objects.exclude(level=GREEN).values_list("client_id", flat=True)
        )
        intakes = Intake.objects.filter(status="submitted").count()
    result = []
    for script in population:
        client, _ = records[script.number]
        items = open_items.get(client.pk, [])
        level = max((level for level, _, _ in items), key=RANK.get, default=GREEN)
        result.append(
            Outcome(
                script.number,
                script.archetype,
                level,
                sum(item_minutes(*item) for item in items),
                tuple(sorted(kind for _, kind, _ in items)),
                client.pk in flagged_ever,
            )
        )
    return result, intakes


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def summarize(results: list[Outcome], intakes: int = 0) -> dict:
    """The figures the issue asks for, overall."""
    healthy = [r for r in results if r.group == "healthy"]
    red = [r for r in results if r.group == "red"]
    at_risk = [r for r in results if r.group in ("at_risk", "red")]
    minutes = sum(r.minutes for r in results) + MINUTES["intake"] * intakes
    return {
        "clients": len(results),
        "accepted": _share(sum(r.accepted for r in results), len(results)),
        "red_recall": _share(sum(r.level == RED for r in red), len(red)),
        "at_risk_recall": _share(sum(r.level != GREEN for r in at_risk), len(at_risk)),
        "false_alarms": _share(sum(r.level != GREEN for r in healthy), len(healthy)),
        "in_queue_per_100": 100 * sum(r.level != GREEN for r in results) / max(1, len(results)),
        "minutes": minutes,
        "minutes_per_100_healthy": 100 * sum(r.minutes for r in healthy) / max(1, len(healthy)),
        "healthy_ever_flagged": _share(sum(r.ever_flagged for r in healthy), len(healthy)),
    }


def meets_targets(summary: dict) -> list[str]:
    """The targets missed, in words (empty when every target holds)."""
    missed = []
    if summary["red_recall"] is not None and summary["red_recall"] < TARGETS["red_recall"]:
        missed.append(f"red recall {summary['red_recall']:.0%} < 100%")
    if (
        summary["at_risk_recall"] is not None
        and summary["at_risk_recall"] < TARGETS["at_risk_recall"]
    ):
        missed.append(f"at-risk recall {summary['at_risk_recall']:.1%} < 95%")
    if summary["false_alarms"] is not None and summary["false_alarms"] > TARGETS["false_alarms"]:
        missed.append(f"false alarms {summary['false_alarms']:.1%} > 3%")
    if summary["minutes_per_100_healthy"] > TARGETS["minutes_per_100_healthy"]:
        missed.append(f"{summary['minutes_per_100_healthy']:.1f} min per 100 healthy > 10")
    return missed


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}" if value in (0, 1) else f"{value:.1%}"


def table(results: list[Outcome], intakes: int = 0) -> str:
    """The per-archetype and overall table, in Markdown."""
    lines = [
        "| archetype | clients | accepted | at the end (green / yellow / red) | red recall "
        "| at-risk recall | false alarms | in queue per 100 | coach min/week | flagged some night |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    by_archetype = defaultdict(list)
    for result in results:
        by_archetype[result.archetype].append(result)
    for name in ARCHETYPES:
        rows = by_archetype.get(name, [])
        if not rows:
            continue
        s = summarize(rows)
        levels = Counter(r.level for r in rows)
        lines.append(
            f"| {name} | {len(rows)} | {_pct(s['accepted'])} | "
            f"{levels[GREEN]} / {levels[YELLOW]} / {levels[RED]} | {_pct(s['red_recall'])} | "
            f"{_pct(s['at_risk_recall'])} | {_pct(s['false_alarms'])} | "
            f"{s['in_queue_per_100']:.0f} | {s['minutes']} | "
            f"{_pct(_share(sum(r.ever_flagged for r in rows), len(rows)))} |"
        )
    s = summarize(results, intakes)
    levels = Counter(r.level for r in results)
    lines.append(
        f"| **overall** | {len(results)} | {_pct(s['accepted'])} | "
        f"{levels[GREEN]} / {levels[YELLOW]} / {levels[RED]} | {_pct(s['red_recall'])} | "
        f"{_pct(s['at_risk_recall'])} | {_pct(s['false_alarms'])} | "
        f"{s['in_queue_per_100']:.0f} | {s['minutes']} | "
        f"{_pct(_share(sum(r.ever_flagged for r in results), len(results)))} |"
    )
    healthy = [r for r in results if r.group == "healthy"]
    lines.append("")
    lines.append(
        f"Coach minutes a week per 100 healthy clients: {s['minutes_per_100_healthy']:.1f} "
        f"(target ≤ 10); intakes waiting: {intakes}; healthy clients: {len(healthy)}."
    )
    return "\n".join(lines)


def misses(results: list[Outcome]) -> list[str]:
    """Clients who ended outside their accepted levels, with what was open."""
    return [
        f"client {r.number} ({r.archetype}): {r.level} {', '.join(r.reasons) or ''}".rstrip()
        for r in results
        if not r.accepted
    ]


# --- The command ----------------------------------------------------------------------------


def _parse():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--nights", choices=("all", "final-week"), default="all")
    parser.add_argument(
        "--database-url",
        default=None,
        help="default: a new SQLite file in a temporary folder (migrated first)",
    )
    parser.add_argument(
        "--coach",
        choices=("weekly", "never"),
        default="weekly",
        help="weekly: the coach clears the queue every week; never: nobody resolves anything, "
        "so the queue at the end holds everything still open after 12 weeks",
    )
    parser.add_argument("--show-misses", action="store_true")
    return parser.parse_args()


def main() -> int:
    args = _parse()
    folder = None
    if args.database_url is None:
        folder = tempfile.mkdtemp(prefix="triage-bench-")
        args.database_url = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    population = build_population(args.clients, args.seed)
    end = end_date(args.seed)
    slug = f"triage-bench-{args.seed}-{uuid.uuid4().hex[:6]}"

    def progress(done, total):
        if done % 7 == 0:
            print(f"  week {done // 7} of {total // 7}", file=sys.stderr, flush=True)

    organization, records, nightly_seconds = drive(
        population, end, nights=args.nights, slug=slug, progress=progress, coach=args.coach
    )
    results, intakes = outcomes(organization, population, records)
    print(
        f"python benchmarks/triage.py --clients {args.clients} --seed {args.seed} "
        f"--nights {args.nights} --coach {args.coach}   (ends {end:%a %d %b %Y}; {time.monotonic() - started:.0f} s, "
        f"nightly job {nightly_seconds:.0f} s)\n"
    )
    print(table(results, intakes))
    missed = meets_targets(summarize(results, intakes))
    print("\nTargets: " + ("all met" if not missed else "MISSED: " + "; ".join(missed)))
    if args.show_misses:
        print("\n".join(misses(results)))
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
