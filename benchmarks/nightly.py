"""Benchmark the nightly job against its floor.

    python benchmarks/nightly.py [--clients 100000] [--orgs 1000] [--days 90]
        [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
        [--app-url postgres://spotter:spotter@127.0.0.1:5432/spotter_nightly_bench]
        [--batch-url postgres://spotter_batch:spotter@127.0.0.1:5432/spotter_nightly_bench]
        [--keep] [--per-organization] [--generate-only] [--celery redis://127.0.0.1:6379/11]
        [--repeat 1]

Generates N clients across the organizations (client c belongs to organization c mod M) with
~4 planned sessions a week (each client keeps a habit between 50% and 98%), weekly check-ins and
one main-lift set per session, loaded with COPY as the administrator (COPY FROM is not allowed
on tables with row-level security for ordinary roles), then VACUUM ANALYZE. Then it times

(a) the floor: every input row the night reads, COPY ... TO STDOUT into nothing, as the
    administrator, best of three;
(b) the job: ``score_organizations`` over every organization (what ``manage.py
    score_adherence`` runs), on the batch connection (``coaching.batch``) as the batch role
    with row-level security enforced (its policy shows every organization), from a clean
    slate (scores, runs, review items, notifications and AI recommendations deleted first,
    those tables vacuumed); emails are rendered and handed to the email task, which with
    --celery is queued on Redis as in production (and purged before the chord runs), and
    without it runs in-process into Django's in-memory backend;
(c) with --celery REDIS_URL, the same night as the Celery chord (a task per batch of about
    5,000 clients, then the run summaries) through real prefork workers on Redis, with 1 and
    with 2 worker processes, and the speed-up;
(d) with --per-organization, also one ``score_organization`` call per organization, one after
    another: what the beat fan-out's per-organization tasks cost on a single worker.

and prints them and their ratios. The database named in --app-url is dropped and generated
again unless --keep is given and it exists (it is migrated either way, as the batch role, which
owns it). The roles in --app-url and --batch-url (default: the app role's name + ``_batch``, same
password) must exist (``manage.py create_app_role``). 100,000 clients take about 3.3 GB and
about 12 minutes to generate on a 2-core machine.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--orgs", type=int, default=1_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--app-url", default="postgres://spotter:spotter@127.0.0.1:5432/spotter_nightly_bench"
    )
    parser.add_argument("--batch-url", help="the batch role's URL (default: beside --app-url)")
    parser.add_argument("--keep", action="store_true", help="reuse the generated data if present")
    parser.add_argument(
        "--per-organization",
        action="store_true",
        help="also time one score_organization call per organization (the per-task path)",
    )
    parser.add_argument(
        "--generate-only", action="store_true", help="generate (or reuse) the data and stop"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="time each way of running the night this many times, each from a clean slate, and"
        " take the best, as the floor takes the best of three (every run is printed)",
    )
    parser.add_argument(
        "--celery",
        metavar="REDIS_URL",
        help="also run the night as the Celery chord through real workers on this Redis"
        " (e.g. redis://127.0.0.1:6379/11), with 1 and with 2 worker processes, and print the"
        " speed-up",
    )
    return parser.parse_args(argv)


def connect(url: str, dbname: str | None = None):
    import psycopg2

    parsed = urlparse(url)
    return psycopg2.connect(
        dbname=dbname or parsed.path.lstrip("/"),
        user=parsed.username,
        password=parsed.password,
        host=parsed.hostname,
        port=parsed.port or 5432,
    )


def setup_django(args) -> None:
    os.environ["DATABASE_URL"] = args.app_url
    os.environ["BATCH_DATABASE_URL"] = args.batch_url
    if args.celery:
        os.environ["REDIS_URL"] = args.celery
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The job emails clients about missed sessions; keep them in memory instead of printing
    # thousands of messages to the console.
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    import django

    django.setup()


def prepare_database(args) -> None:
    """Create the database as the batch role's, migrate it (as the batch role), and fill it."""
    import subprocess

    app = urlparse(args.app_url)
    batch = urlparse(args.batch_url)
    dbname = app.path.lstrip("/")
    admin = connect(args.admin_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
        exists = cursor.fetchone()
        if exists and not args.keep:
            cursor.execute(f'DROP DATABASE "{dbname}"')
            exists = None
        if not exists:
            cursor.execute(f'CREATE DATABASE "{dbname}" OWNER "{batch.username}"')
    admin.close()
    # Migrate a reused database too, so indexes added since it was generated are there.
    env = {**os.environ, "DATABASE_URL": args.app_url, "BATCH_DATABASE_URL": args.batch_url}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--database=batch", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    if not exists:
        generate(args, dbname)


def load_rows(args, sink, exercise_id: int, today: date | None = None) -> None:
    """Every generated row, model by model, into ``sink`` (``bulk.CopyInto`` for the database,
    ``bulk.FormatOnly`` to check the rows against the models without one). Columns not named
    here take the model's defaults (benchmarks/bulk.py)."""
    from bulk import Table

    from coaching.models import Client, Organization, User
    from programs.models import PlannedWorkout, Program, ProgramWeek, SetLog, WorkoutLog
    from triage.models import CheckIn

    rng = random.Random(7)
    today = today or date.today()
    end = today - timedelta(days=1)
    start = end - timedelta(days=args.days)
    now = datetime.now(UTC)
    joined = now - timedelta(days=args.days + 30)
    clients = range(1, args.clients + 1)

    def org_of(c: int) -> int:
        return 1 + (c - 1) % args.orgs

    sink.copy(
        Table(Organization),
        (
            {"id": o, "name": f"Bench {o}", "slug": f"bench-{o}", "time_zone": "UTC"}
            for o in range(1, args.orgs + 1)
        ),
    )
    sink.copy(
        Table(User),
        (
            {"id": c, "password": "!", "email": f"c{c}@bench.test", "name": f"Client {c}"}
            for c in clients
        ),
    )
    sink.copy(
        Table(Client),
        (
            {
                "id": c,
                "organization_id": org_of(c),
                "user_id": c,
                "status": "active",
                "created_at": joined,
            }
            for c in clients
        ),
    )
    sink.copy(
        Table(Program),
        (
            {
                "id": c,
                "organization_id": org_of(c),
                "client_id": c,
                "name": "Block",
                "status": "active",
                "start_date": start,
                "created_at": now,
            }
            for c in clients
        ),
    )
    sink.copy(
        Table(ProgramWeek),
        ({"id": c, "organization_id": org_of(c), "program_id": c, "index": 1} for c in clients),
    )

    planned, logs, sets = [], [], []
    workout_id = log_id = 0
    for c in clients:
        org = org_of(c)
        weekdays = rng.sample(range(7), 4)
        habit = rng.uniform(0.5, 0.98)
        for offset in range(args.days + 1):
            day = start + timedelta(days=offset)
            if day.weekday() not in weekdays:
                continue
            workout_id += 1
            planned.append(
                {
                    "id": workout_id,
                    "organization_id": org,
                    "week_id": c,
                    "program_id": c,
                    "client_id": c,
                    "day_index": day.weekday(),
                    "planned_date": day,
                    "name": "Session",
                }
            )
            if rng.random() < habit:
                log_id += 1
                logs.append(
                    {
                        "id": log_id,
                        "organization_id": org,
                        "client_id": c,
                        "client_uuid": uuid.UUID(int=rng.getrandbits(128)),
                        "workout_id": workout_id,
                        "performed_at": f"{day.isoformat()} 18:00:00+00",
                        "status": "completed",
                        "created_at": now,
                    }
                )
                e1rm = 100 + (c % 50) + offset_gain(day, start)
                sets.append(
                    {
                        "id": log_id,
                        "organization_id": org,
                        "log_id": log_id,
                        "exercise_id": exercise_id,
                        "set_index": 0,
                        "reps": 5,
                        "load_kg": f"{e1rm / 1.1667:.1f}",
                        "rpe": 8,
                        "e1rm_kg": f"{e1rm:.2f}",
                    }
                )
    sink.copy(Table(PlannedWorkout), planned)
    sink.copy(Table(WorkoutLog), logs)
    sink.copy(Table(SetLog), sets)

    def checkins():
        check_id = 0
        for c in clients:
            for week in range(args.days // 7):
                check_id += 1
                day = start + timedelta(days=7 * week + 6)
                r = rng.randint(2, 5)
                yield {
                    "id": check_id,
                    "organization_id": org_of(c),
                    "client_id": c,
                    "created_at": f"{day.isoformat()} 20:00:00+00",
                    "readiness": r,
                    "sleep_quality": r,
                    "soreness": 2,
                    "fatigue": 3 - (r > 3),
                    "stress": 2,
                    "mood": r,
                    "level": "green",
                }

    sink.copy(Table(CheckIn), checkins())


def generate(args, dbname: str) -> None:
    from bulk import CopyInto

    conn = connect(args.admin_url, dbname)
    started = time.monotonic()
    with conn, conn.cursor() as cursor:
        # The library migration loads the global exercises; the main lift is one of them.
        cursor.execute(
            "SELECT id FROM programs_exercise WHERE organization_id IS NULL ORDER BY id LIMIT 1"
        )
        exercise_id = cursor.fetchone()[0]
        sink = CopyInto(cursor)
        load_rows(args, sink, exercise_id)
        for table in sink.counts:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
    conn.close()
    # What autovacuum would have done by the night: hint bits set and statistics fresh, so
    # neither the floor nor the job pays for the first read after a bulk load.
    conn = connect(args.admin_url, dbname)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    conn.close()
    print(
        f"generated {args.clients} clients in {args.orgs} organizations in {time.monotonic() - started:.1f}s"
    )


def offset_gain(day: date, start: date) -> float:
    return (day - start).days * 0.05


FLOOR_QUERIES = [
    "COPY (SELECT client_id, planned_date FROM programs_plannedworkout WHERE planned_date >= %(start)s) TO STDOUT",
    "COPY (SELECT client_id, performed_at, status FROM programs_workoutlog WHERE performed_at >= %(start)s) TO STDOUT",
    "COPY (SELECT client_id, created_at, readiness, fatigue, sleep_quality, sleep_hours, mood, stress, soreness FROM triage_checkin WHERE created_at >= %(start)s) TO STDOUT",
    "COPY (SELECT l.client_id, l.performed_at, s.exercise_id, s.e1rm_kg FROM programs_setlog s JOIN programs_workoutlog l ON l.id = s.log_id WHERE l.performed_at >= %(start)s AND s.e1rm_kg IS NOT NULL) TO STDOUT",
    "COPY (SELECT id, created_at FROM coaching_client WHERE status = 'active') TO STDOUT",
]


class Sink(io.RawIOBase):
    def write(self, data):
        return len(data)


def floor_seconds(args, day: date, repeat: int = 3) -> float:
    """The best of ``repeat`` reads of every input row the night needs (warm cache, like the
    job, which runs after it)."""
    conn = connect(args.admin_url, urlparse(args.app_url).path.lstrip("/"))
    start = (day - timedelta(days=91)).isoformat()
    best = float("inf")
    with conn.cursor() as cursor:
        for _ in range(repeat):
            began = time.monotonic()
            for query in FLOOR_QUERIES:
                cursor.copy_expert(cursor.mogrify(query, {"start": start}).decode(), Sink())
            best = min(best, time.monotonic() - began)
    conn.close()
    return best


def job_seconds(args, day: date, per_organization: bool) -> tuple[float, int]:
    """Run the night for every organization on the batch connection from a clean slate and time
    it. ``per_organization``: one ``score_organization`` call per organization, as the
    beat fan-out's per-organization tasks run on one worker; otherwise one
    ``score_organizations`` call over them all, as ``manage.py score_adherence`` runs."""
    from django.urls import reverse

    from coaching.batch import batch_session
    from coaching.models import Organization
    from triage.nightly import score_organization, score_organizations
    from triage.risk import risk_provider

    dbname = urlparse(args.app_url).path.lstrip("/")
    _clean_slate(args)
    with batch_session():  # as manage.py score_adherence and the Celery tasks run
        organizations = list(Organization.objects.order_by("id"))
        # A worker is long-lived: load the URL configuration (used for links in prompts) up
        # front rather than timing its one-off import.
        reverse("client_home", args=[organizations[0].slug])
        began = time.monotonic()
        if per_organization:
            for organization in organizations:
                score_organization(organization, day, risk_provider=risk_provider)
        else:
            score_organizations(organizations, day, risk_provider=risk_provider)
        elapsed = time.monotonic() - began
    with connect(args.admin_url, dbname) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM triage_adherencescore WHERE date = %s", [day])
        scored = cursor.fetchone()[0]
    return elapsed, scored


def _clean_slate(args) -> None:
    """Delete what a night writes, and vacuum those tables."""
    dbname = urlparse(args.app_url).path.lstrip("/")
    conn = connect(args.admin_url, dbname)
    conn.autocommit = True  # VACUUM runs outside a transaction
    with conn.cursor() as cursor:
        cursor.execute(
            "DELETE FROM triage_adherencescore; DELETE FROM triage_scoringrun;"
            " DELETE FROM triage_reviewitem; DELETE FROM triage_notification;"
            " DELETE FROM programs_recommendation WHERE source = 'ai'"
        )
        # Without it every run writes into the dead rows and index entries of the one before,
        # and gets slower run after run; a real night writes into a vacuumed table.
        cursor.execute(
            "VACUUM ANALYZE triage_adherencescore, triage_scoringrun, triage_reviewitem,"
            " triage_notification, programs_recommendation"
        )
    conn.close()


def celery_seconds(args, day: date, workers: int) -> tuple[float, int]:
    """The night as the Celery chord (``triage.tasks.start_night``: one task per batch, then
    the summaries) through ``workers`` prefork worker processes on Redis, from a clean slate.
    Timed from the chord's start to its callback's result (the workers are up and idle
    before)."""
    import subprocess

    from coaching.batch import batch_session
    from coaching.models import Organization
    from config.celery import app
    from triage.tasks import start_night

    _clean_slate(args)
    app.control.purge()
    env = {
        **os.environ,
        "DATABASE_URL": args.app_url,
        "BATCH_DATABASE_URL": args.batch_url,
        "REDIS_URL": args.celery,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = Path(tempfile.gettempdir()) / f"nightly-bench-worker-{workers}.log"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "--quiet",
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            f"--concurrency={workers}",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            "-n",
            f"nightly-bench-{workers}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Celery worker did not start (its log: {log})")
        with batch_session():
            ids = list(Organization.objects.order_by("id").values_list("id", flat=True))
            began = time.monotonic()
            start_night(ids, day.isoformat()).get(timeout=3600, disable_sync_subtasks=False)
            elapsed = time.monotonic() - began
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    dbname = urlparse(args.app_url).path.lstrip("/")
    with connect(args.admin_url, dbname) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM triage_adherencescore WHERE date = %s", [day])
        scored = cursor.fetchone()[0]
    return elapsed, scored


def best_of(args, timed) -> tuple[float, int]:
    """The best of ``args.repeat`` runs of ``timed`` (which returns seconds and scores
    written), printing each run when there are several."""
    runs = [timed() for _ in range(max(args.repeat, 1))]
    if len(runs) > 1:
        print("  runs: " + ", ".join(f"{seconds:.2f} s" for seconds, _ in runs))
    return min(runs)


def main(argv=None) -> dict:
    """Runs the benchmark; returns its figures (seconds, and scores written)."""
    args = parse_args(argv)
    if not args.batch_url:
        from coaching.env import default_batch_url

        args.batch_url = default_batch_url(args.app_url)
    setup_django(args)
    prepare_database(args)
    if args.generate_only:
        return {}
    day = date.today() - timedelta(days=1)
    floor = floor_seconds(args, day)
    print(f"clients: {args.clients} in {args.orgs} organizations, {args.days} days of history")
    print(f"floor (COPY the job's inputs to nowhere, as the administrator): {floor:.2f} s")
    job, scored = best_of(args, lambda: job_seconds(args, day, per_organization=False))
    print(
        f"nightly job, all organizations in one score_organizations call (manage.py"
        f" score_adherence; RLS enforced): {job:.2f} s, {scored} scores written"
    )
    print(f"ratio job / floor: {job / floor:.1f}x")
    if args.per_organization:
        single, scored = job_seconds(args, day, per_organization=True)
        print(
            f"nightly job, one score_organization call per organization (the beat fan-out's"
            f" tasks on one worker): {single:.2f} s, {scored} scores written"
        )
        print(f"ratio per-organization job / floor: {single / floor:.1f}x")
    figures = {"floor": floor, "job": job, "scored": scored}
    if args.celery:
        for workers in (1, 2):
            seconds, scored = best_of(args, partial(celery_seconds, args, day, workers))
            figures[f"celery_{workers}"] = seconds
            print(
                f"nightly job as the Celery chord, {workers} worker process(es) on Redis:"
                f" {seconds:.2f} s, {scored} scores written, ratio to floor {seconds / floor:.1f}x"
            )
        print(f"speed-up with 2 workers: {figures['celery_1'] / figures['celery_2']:.2f}x")
    return figures


if __name__ == "__main__":
    main()
