"""Pages at business size: one organization of 10,000 clients, 1,500 open review items and 90
days of history; every main page timed per role, with DEBUG off.

    python benchmarks/pages.py [--clients 10000] [--open-items 1500] [--days 90] [--coaches 5]
        [--repeat 20] [--keep] [--no-full-export]
        [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
        [--app-url postgres://spotter:spotter@127.0.0.1:5432/spotter_pages_bench]
        [--batch-url postgres://spotter_batch:spotter@127.0.0.1:5432/spotter_pages_bench]

Creates its database (as the administrator, owned and migrated by the batch role) unless
``--keep`` finds it, and fills it with COPY as the administrator (columns and defaults from the
models: benchmarks/bulk.py): an owner, ``--coaches`` coaches (the first coach has a fifth of the
clients), the clients with a program, ~4 planned sessions a week for ``--days`` days and two
weeks ahead, logs (three sets each) for most of them, weekly check-ins, the last 14 nightly
scores, and ``--open-items`` open review items over about two thirds as many clients. Then, in
this process, as the app role (row-level security enforced; the requests go through every
middleware, as gunicorn would serve them), it times each page ``--repeat`` times after one warm
request and prints p50/p95, the p50 of this process's CPU time per request (what the page costs
the web worker, whatever else the machine is running; Postgres's share is not in it), the
queries of one request and the bytes sent. Exports are
downloads: they are timed to their first byte.

Targets (issue 18): p95 <= 150 ms and <= 150 KB for every page on a 2-core machine.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from load import connect, percentile  # noqa: E402

SLUG = "pages-bench"
TARGET_MS = 150
TARGET_KB = 150


@dataclass
class PageTiming:
    role: str
    name: str
    url: str
    p50: float
    p95: float
    queries: int
    size: int
    status: int
    first_byte_only: bool = False
    cpu: float = 0.0  # p50 of this process's CPU time per request (not Postgres's)

    @property
    def meets_targets(self) -> bool:
        return self.p95 * 1000 <= TARGET_MS and (
            self.first_byte_only or self.size <= TARGET_KB * 1024
        )


def table(timings: list[PageTiming]) -> list[str]:
    lines = [
        f"{'role':<7} {'page':<34} {'p50 ms':>7} {'p95 ms':>7} {'cpu ms':>7} {'queries':>8}"
        f" {'KB':>7}  target"
    ]
    for t in timings:
        size = "ttfb" if t.first_byte_only else f"{t.size / 1024:.1f}"
        lines.append(
            f"{t.role:<7} {t.name:<34} {t.p50 * 1000:>7.1f} {t.p95 * 1000:>7.1f}"
            f" {t.cpu * 1000:>7.1f} {t.queries:>8}"
            f" {size:>7}  {'met' if t.meets_targets else 'MISSED'}"
        )
    return lines


# -- data --------------------------------------------------------------------------------------


def setup_django(args) -> None:
    os.environ["DATABASE_URL"] = args.app_url
    os.environ["BATCH_DATABASE_URL"] = args.batch_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.pop("REDIS_URL", None)
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("PYTHONWARNINGS", "ignore:No directory at:UserWarning")
    import django

    django.setup()


def as_a_worker() -> None:
    """What config/wsgi.py does once a worker has loaded the app: leave what is loaded by now
    out of the garbage collector's full passes (the data generated here is gone by then)."""
    gc.collect()
    gc.freeze()


def prepare_database(args) -> bool:
    """Create and migrate the database; True if it must be filled."""
    dbname = urlparse(args.app_url).path.lstrip("/")
    admin = connect(args.admin_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
        exists = cursor.fetchone()
        if exists and not args.keep:
            cursor.execute(f'DROP DATABASE "{dbname}" WITH (FORCE)')
            exists = None
        if not exists:
            cursor.execute(
                f'CREATE DATABASE "{dbname}" OWNER "{urlparse(args.batch_url).username}"'
            )
    admin.close()
    env = {**os.environ, "DATABASE_URL": args.app_url, "BATCH_DATABASE_URL": args.batch_url}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--database=batch", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return not exists


def load_rows(args, sink, org_id: int, exercise_ids: list[int], first_ids: dict, today: date):
    """Every row of the business, model by model, into ``sink`` (benchmarks/bulk.py).
    ``first_ids``: table -> the first free id."""
    from bulk import Table

    from coaching.models import Client, Membership, User
    from programs.models import PlannedWorkout, Program, ProgramWeek, SetLog, WorkoutLog
    from triage.models import AdherenceScore, CheckIn, ReviewItem

    rng = random.Random(18)
    now = datetime.now(UTC)
    start = today - timedelta(days=args.days)
    joined = now - timedelta(days=args.days + 30)

    def ids(model, count):
        first = first_ids[model._meta.db_table]
        return range(first, first + count)

    user_ids = ids(User, 1 + args.coaches + args.clients)
    owner_id, coach_ids = user_ids[0], list(user_ids[1 : 1 + args.coaches])
    client_user_ids = user_ids[1 + args.coaches :]
    first_names = ["Alex", "Sam", "Robin", "Kim", "Jo", "Chris", "Pat", "Lee", "Max", "Noa"]
    last_names = ["Berg", "Costa", "Diaz", "Evans", "Fox", "Gray", "Hale", "Ito", "Jones", "Klein"]

    def user(uid, email, name):
        return {"id": uid, "password": "!", "email": email, "name": name, "date_joined": joined}

    users = [user(owner_id, "owner@pages.bench", "Olive Owner")]
    users += [user(c, f"coach{n}@pages.bench", f"Coach {n}") for n, c in enumerate(coach_ids)]
    users += [
        user(u, f"client{n}@pages.bench", f"{rng.choice(first_names)} {rng.choice(last_names)} {n}")
        for n, u in enumerate(client_user_ids)
    ]
    sink.copy(Table(User), users)
    roles = [(owner_id, "owner")] + [(c, "coach") for c in coach_ids]
    roles += [(u, "client") for u in client_user_ids]
    sink.copy(
        Table(Membership),
        (
            {"id": i, "organization_id": org_id, "user_id": u, "role": role, "created_at": joined}
            for i, (u, role) in zip(ids(Membership, len(roles)), roles, strict=True)
        ),
    )
    client_ids = list(ids(Client, args.clients))

    def coach_of(n: int) -> int:  # the first coach has a fifth of the clients
        return coach_ids[0] if n % 5 == 0 else coach_ids[1 + n % (len(coach_ids) - 1)]

    sink.copy(
        Table(Client),
        (
            {
                "id": cid,
                "organization_id": org_id,
                "user_id": u,
                "coach_id": coach_of(n),
                "status": "active",
                "risk": rng.choice(["low", "moderate"]),
                "experience": rng.choice(["novice", "intermediate"]),
                "created_at": joined,
            }
            for n, (cid, u) in enumerate(zip(client_ids, client_user_ids, strict=True))
        ),
    )
    program_ids = list(ids(Program, args.clients))
    week_ids = list(ids(ProgramWeek, args.clients))
    sink.copy(
        Table(Program),
        (
            {
                "id": p,
                "organization_id": org_id,
                "client_id": c,
                "name": "Strength block",
                "status": "active",
                "start_date": start,
                "created_at": joined,
            }
            for p, c in zip(program_ids, client_ids, strict=True)
        ),
    )
    sink.copy(
        Table(ProgramWeek),
        (
            {"id": w, "organization_id": org_id, "program_id": p, "index": 1}
            for w, p in zip(week_ids, program_ids, strict=True)
        ),
    )
    planned, logs, sets, checkins, scores = [], [], [], [], []
    next_id = {t: first_ids[t._meta.db_table] for t in (PlannedWorkout, WorkoutLog, SetLog)}
    next_id[CheckIn] = first_ids[CheckIn._meta.db_table]
    next_id[AdherenceScore] = first_ids[AdherenceScore._meta.db_table]
    for cid, p, w in zip(client_ids, program_ids, week_ids, strict=True):
        weekdays = rng.sample(range(7), 4)
        habit = rng.uniform(0.5, 0.98)
        lifts = rng.sample(exercise_ids, 3)
        for offset in range(args.days + 14):
            day = start + timedelta(days=offset)
            if day.weekday() in weekdays:
                wid = next_id[PlannedWorkout]
                next_id[PlannedWorkout] += 1
                planned.append(
                    {
                        "id": wid,
                        "organization_id": org_id,
                        "week_id": w,
                        "program_id": p,
                        "client_id": cid,
                        "day_index": day.weekday(),
                        "planned_date": day,
                        "name": "Full body",
                    }
                )
                if day < today and rng.random() < habit:
                    lid = next_id[WorkoutLog]
                    next_id[WorkoutLog] += 1
                    logs.append(
                        {
                            "id": lid,
                            "organization_id": org_id,
                            "client_id": cid,
                            "client_uuid": uuid.UUID(int=rng.getrandbits(128)),
                            "workout_id": wid,
                            "performed_at": datetime(day.year, day.month, day.day, 18, tzinfo=UTC),
                            "status": "completed",
                            "session_rpe": 7,
                            "created_at": now,
                        }
                    )
                    for index, exercise in enumerate(lifts):
                        load = 40 + 10 * index + offset * 0.1
                        sets.append(
                            {
                                "id": next_id[SetLog],
                                "organization_id": org_id,
                                "log_id": lid,
                                "exercise_id": exercise,
                                "set_index": index,
                                "reps": 5,
                                "load_kg": f"{load:.1f}",
                                "rpe": 8,
                                "e1rm_kg": f"{load * 1.1667:.2f}",
                            }
                        )
                        next_id[SetLog] += 1
            if day.weekday() == 6 and day < today:
                r = rng.randint(2, 5)
                checkins.append(
                    {
                        "id": next_id[CheckIn],
                        "organization_id": org_id,
                        "client_id": cid,
                        "created_at": datetime(day.year, day.month, day.day, 20, tzinfo=UTC),
                        "readiness": r,
                        "sleep_quality": r,
                        "soreness": 2,
                        "fatigue": 6 - r,
                        "stress": 2,
                        "mood": r,
                        "level": "green",
                        "message_to_client": "Thanks for checking in.",
                    }
                )
                next_id[CheckIn] += 1
            if today - timedelta(days=14) <= day < today:
                scores.append(
                    {
                        "id": next_id[AdherenceScore],
                        "organization_id": org_id,
                        "client_id": cid,
                        "date": day,
                        "level": "green",
                        "completion_7d": round(habit, 2),
                        "completion_28d": round(habit, 2),
                        "created_at": now,
                    }
                )
                next_id[AdherenceScore] += 1
    sink.copy(Table(PlannedWorkout), planned)
    sink.copy(Table(WorkoutLog), logs)
    sink.copy(Table(SetLog), sets)
    sink.copy(Table(CheckIn), checkins)
    sink.copy(Table(AdherenceScore), scores)
    # Open items: about two thirds as many clients as items (some clients have several).
    kinds = ["missed_sessions", "adherence_drop", "unusual_fatigue", "low_readiness", "pain"]
    flagged = rng.sample(client_ids, min(len(client_ids), max(1, args.open_items * 2 // 3)))
    items, taken = [], set()
    while len(items) < args.open_items:
        cid = rng.choice(flagged)
        kind = rng.choice(kinds)
        if (cid, kind) in taken:
            continue
        taken.add((cid, kind))
        level = "red" if kind == "pain" and rng.random() < 0.2 else "yellow"
        created = now - timedelta(hours=rng.randint(1, 96))
        items.append(
            {
                "id": first_ids[ReviewItem._meta.db_table] + len(items),
                "organization_id": org_id,
                "client_id": cid,
                "level": level,
                "reason_kind": kind,
                "reasons": [{"code": kind, "text": kind.replace("_", " ").capitalize()}],
                "evidence": [{"at": created.isoformat(), "source": "nightly", "summary": "seen"}],
                "source": "nightly",
                "created_at": created,
                "updated_at": created,
                "due_at": created + timedelta(hours=24),
            }
        )
    sink.copy(Table(ReviewItem), items)
    return {"owner": owner_id, "coach": coach_ids[0], "client_user": client_user_ids[0]}


def generate(args) -> None:
    from bulk import CopyInto

    from coaching.batch import batch_session
    from coaching.models import Client, Membership, Organization, User
    from programs.models import PlannedWorkout, Program, ProgramWeek, SetLog, WorkoutLog
    from triage.models import AdherenceScore, CheckIn, ReviewItem
    from triage.queue import ensure_defaults

    began = time.monotonic()
    with batch_session():
        organization = Organization.objects.create(name="Pages Bench", slug=SLUG, time_zone="UTC")
        ensure_defaults(organization)
    models = [
        User,
        Membership,
        Client,
        Program,
        ProgramWeek,
        PlannedWorkout,
        WorkoutLog,
        SetLog,
        CheckIn,
        AdherenceScore,
        ReviewItem,
    ]
    dbname = urlparse(args.app_url).path.lstrip("/")
    conn = connect(args.admin_url, dbname)
    with conn, conn.cursor() as cursor:
        first_ids = {}
        for model in models:
            name = model._meta.db_table
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {name}")
            first_ids[name] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT id FROM programs_exercise WHERE organization_id IS NULL ORDER BY id LIMIT 40"
        )
        exercise_ids = [row[0] for row in cursor.fetchall()]
        sink = CopyInto(cursor)
        load_rows(args, sink, organization.pk, exercise_ids, first_ids, date.today())
        for name in sink.counts:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"
            )
    conn.close()
    conn = connect(args.admin_url, dbname)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    conn.close()
    print(
        f"generated {args.clients} clients, {args.open_items} open review items, {args.days} days"
        f" ({sum(sink.counts.values())} rows) in {time.monotonic() - began:.1f}s"
    )


# -- timing ------------------------------------------------------------------------------------


def time_page(browser, role, name, url, repeat, first_byte_only=False) -> PageTiming:
    from django.db import connection

    cpu_times = []

    def fetch():
        began, cpu_began = time.perf_counter(), time.process_time()
        response = browser.get(url)
        if first_byte_only and response.streaming:
            next(iter(response.streaming_content), b"")
            elapsed = time.perf_counter() - began
            cpu_times.append(time.process_time() - cpu_began)
            response.close()
            return response, elapsed, 0
        elapsed = time.perf_counter() - began
        cpu_times.append(time.process_time() - cpu_began)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response, elapsed, len(body)

    if not first_byte_only:
        fetch()  # warm: templates compiled, the owner's daily figures computed
    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response, _, size = fetch()
    if response.status_code != 200:
        raise SystemExit(f"{role} {url}: {response.status_code}")
    cpu_times.clear()
    times = [fetch()[1] for _ in range(repeat)]
    timing = PageTiming(
        role,
        name,
        url,
        percentile(times, 50),
        percentile(times, 95),
        len(statements),
        size,
        response.status_code,
        first_byte_only,
        percentile(cpu_times, 50),
    )
    print(table([timing])[1], flush=True)  # progress: the whole table follows at the end
    return timing


def run(args) -> list[PageTiming]:
    from django.test import Client as Browser
    from django.test.utils import setup_test_environment

    from coaching.batch import batch_session
    from coaching.models import Client, Membership, User

    setup_test_environment()  # the test client's hooks; DEBUG stays off
    with batch_session():
        owner = Membership.unscoped.get(organization__slug=SLUG, role="owner").user
        coach = User.objects.get(email="coach0@pages.bench")
        client = Client.unscoped.select_related("user").get(
            organization__slug=SLUG, user__email="client0@pages.bench"
        )
        flagged = (
            Client.unscoped.filter(organization__slug=SLUG, review_items__status="open")
            .order_by("pk")
            .first()
        )
    base = f"/o/{SLUG}"
    api = f"/api/v1/orgs/{SLUG}"
    pages = {
        "coach": [
            ("queue (mine)", f"{base}/coach/", False),
            ("queue (whole team)", f"{base}/coach/?clients=all", False),
            ("queue by client (API)", f"{api}/review-queue/by-client/", False),
            ("client list (mine)", f"{base}/coach/clients/", False),
            ("client list (whole team)", f"{base}/coach/clients/?clients=all", False),
            ("client page (flagged client)", f"{base}/coach/clients/{flagged.pk}/", False),
        ],
        "client": [
            ("Today", f"{base}/app/", False),
            ("plan", f"{base}/app/plan/", False),
            ("history", f"{base}/app/history/", False),
            ("own export (first byte)", f"{api}/me/export/", True),
        ],
        "owner": [("owner figures", f"{base}/owner/", False)]
        + ([] if args.no_full_export else [("export (first byte)", f"{api}/export/", True)]),
    }
    people = {"coach": coach, "client": client.user, "owner": owner}
    timings = []
    for role, entries in pages.items():
        browser = Browser()
        browser.force_login(people[role])
        for name, url, first_byte_only in entries:
            timings.append(time_page(browser, role, name, url, args.repeat, first_byte_only))
    return timings


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--open-items", type=int, default=1_500)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--coaches", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="reuse the generated data if present")
    parser.add_argument(
        "--no-full-export",
        action="store_true",
        help="skip the whole organization's export",
    )
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--app-url", default="postgres://spotter:spotter@127.0.0.1:5432/spotter_pages_bench"
    )
    parser.add_argument("--batch-url", help="the batch role's URL (default: beside --app-url)")
    args = parser.parse_args(argv)
    if args.coaches < 2:
        parser.error("--coaches must be at least 2")
    if not args.batch_url:
        from coaching.env import default_batch_url

        args.batch_url = default_batch_url(args.app_url)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    setup_django(args)
    if prepare_database(args):
        generate(args)
    as_a_worker()
    timings = run(args)
    print(
        f"\n== pages: {args.clients} clients, {args.open_items} open review items, {args.days}"
        f" days; {args.repeat} requests per page, DEBUG off, as the app role (RLS)"
    )
    for line in table(timings):
        print(line)
    missed = [t for t in timings if not t.meets_targets]
    print(
        f"targets (p95 <= {TARGET_MS} ms, <= {TARGET_KB} KB): {len(timings) - len(missed)} of {len(timings)} met"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
