"""Benchmark the nightly job against its floor.

    python benchmarks/nightly.py [--clients 100000] [--orgs 1000] [--days 90]
        [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
        [--app-url postgres://spotter:spotter@127.0.0.1:5432/spotter_nightly_bench]
        [--batch-url postgres://spotter_batch:spotter@127.0.0.1:5432/spotter_nightly_bench]
        [--keep] [--per-organization] [--generate-only]

Generates N clients across the organizations (client c belongs to organization c mod M) with
~4 planned sessions a week (each client keeps a habit between 50% and 98%), weekly check-ins and
one main-lift set per session, loaded with COPY as the administrator (COPY FROM is not allowed
on tables with row-level security for ordinary roles), then VACUUM ANALYZE. Then it times

(a) the floor: every input row the night reads, COPY ... TO STDOUT into nothing, as the
    administrator, best of three;
(b) the job: ``score_organizations`` over every organization (what ``manage.py
    score_adherence`` runs), on the batch connection (``coaching.batch``) as the batch role
    with row-level security enforced (its policy shows every organization), from a clean
    slate (scores, runs, review items, notifications and AI recommendations deleted first);
    emails go to Django's in-memory backend;
(c) with --per-organization, also one ``score_organization`` call per organization, one after
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
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def parse_args():
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
    return parser.parse_args()


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


def copy_rows(cursor, table: str, columns: list[str], rows) -> int:
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
        count += 1
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    return count


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


def generate(args, dbname: str) -> None:
    rng = random.Random(7)
    today = date.today()
    end = today - timedelta(days=1)
    start = end - timedelta(days=args.days)
    now = datetime.now(UTC).isoformat()
    conn = connect(args.admin_url, dbname)
    started = time.monotonic()
    with conn, conn.cursor() as cursor:
        copy_rows(
            cursor,
            "coaching_organization",
            ["id", "name", "slug", "time_zone", "created_at", "research_salt"],
            ((o, f"Bench {o}", f"bench-{o}", "UTC", now, "") for o in range(1, args.orgs + 1)),
        )
        copy_rows(
            cursor,
            "coaching_user",
            [
                "id",
                "password",
                "email",
                "name",
                "is_active",
                "is_staff",
                "is_superuser",
                "date_joined",
            ],
            (
                (c, "!", f"c{c}@bench.test", f"Client {c}", "t", "f", "f", now)
                for c in range(1, args.clients + 1)
            ),
        )
        copy_rows(
            cursor,
            "coaching_client",
            [
                "id",
                "organization_id",
                "user_id",
                "status",
                "risk",
                "experience",
                "autonomy",
                "automation_hold",
                "created_at",
                "reminders_enabled",
                "time_zone",
            ],
            (
                (
                    c,
                    1 + (c - 1) % args.orgs,
                    c,
                    "active",
                    "",
                    "",
                    "",
                    "f",
                    (datetime.now(UTC) - timedelta(days=args.days + 30)).isoformat(),
                    "t",
                    "",
                )
                for c in range(1, args.clients + 1)
            ),
        )
        # The library migration loads the global exercises; the main lift is one of them.
        cursor.execute(
            "SELECT id FROM programs_exercise WHERE organization_id IS NULL ORDER BY id LIMIT 1"
        )
        exercise_id = cursor.fetchone()[0]
        copy_rows(
            cursor,
            "programs_program",
            [
                "id",
                "organization_id",
                "client_id",
                "name",
                "status",
                "start_date",
                "rationale",
                "monitoring_rules",
                "created_at",
            ],
            (
                (
                    c,
                    1 + (c - 1) % args.orgs,
                    c,
                    "Block",
                    "active",
                    start.isoformat(),
                    "[]",
                    "[]",
                    now,
                )
                for c in range(1, args.clients + 1)
            ),
        )
        copy_rows(
            cursor,
            "programs_programweek",
            ["id", "organization_id", "program_id", "index", "is_deload"],
            ((c, 1 + (c - 1) % args.orgs, c, 1, "f") for c in range(1, args.clients + 1)),
        )

        def sessions():
            for c in range(1, args.clients + 1):
                org = 1 + (c - 1) % args.orgs
                days = rng.sample(range(7), 4)
                habit = rng.uniform(0.5, 0.98)
                for offset in range(args.days + 1):
                    day = start + timedelta(days=offset)
                    if day.weekday() in days:
                        yield c, org, day, rng.random() < habit

        planned, logs, sets = io.StringIO(), io.StringIO(), io.StringIO()
        log_id = 0
        for workout_id, (c, org, day, done) in enumerate(sessions(), start=1):
            planned.write(
                f"{workout_id}\t{org}\t{c}\t{c}\t{c}\t{day.weekday()}\t{day.isoformat()}\tSession\n"
            )
            if done:
                log_id += 1
                at = f"{day.isoformat()} 18:00:00+00"
                logs.write(
                    f"{log_id}\t{org}\t{c}\t{uuid.UUID(int=rng.getrandbits(128))}\t{workout_id}\t{at}\tcompleted\t\t\\N\t\\N\t\tapp\t{now}\n"
                )
                e1rm = 100 + (c % 50) + offset_gain(day, start)
                sets.write(
                    f"{log_id}\t{org}\t{log_id}\t{exercise_id}\t0\t5\t{e1rm / 1.1667:.1f}\t8\t{e1rm:.2f}\tf\n"
                )
        for table, columns, buffer in (
            (
                "programs_plannedworkout",
                "id, organization_id, week_id, program_id, client_id, day_index, planned_date, name",
                planned,
            ),
            (
                "programs_workoutlog",
                "id, organization_id, client_id, client_uuid, workout_id, performed_at, status, skip_reason, session_rpe, duration_minutes, notes, source, created_at",
                logs,
            ),
            (
                "programs_setlog",
                "id, organization_id, log_id, exercise_id, set_index, reps, load_kg, rpe, e1rm_kg, is_warmup",
                sets,
            ),
        ):
            buffer.seek(0)
            cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)

        def checkins():
            check_id = 0
            for c in range(1, args.clients + 1):
                org = 1 + (c - 1) % args.orgs
                for week in range(args.days // 7):
                    check_id += 1
                    day = start + timedelta(days=7 * week + 6)
                    r = rng.randint(2, 5)
                    yield (
                        check_id,
                        org,
                        c,
                        f"{day.isoformat()} 20:00:00+00",
                        r,
                        r,
                        2,
                        3 - (r > 3),
                        2,
                        r,
                        "null",
                        "[]",
                        "",
                        "f",
                        "{}",
                        "green",
                        "[]",
                        "",
                    )

        copy_rows(
            cursor,
            "triage_checkin",
            [
                "id",
                "organization_id",
                "client_id",
                "created_at",
                "readiness",
                "sleep_quality",
                "soreness",
                "fatigue",
                "stress",
                "mood",
                "pain",
                "symptoms",
                "notes",
                "wants_human_review",
                "extra_answers",
                "level",
                "reasons",
                "message_to_client",
            ],
            checkins(),
        )
        for table in (
            "coaching_organization",
            "coaching_user",
            "coaching_client",
            "programs_program",
            "programs_programweek",
            "programs_plannedworkout",
            "programs_workoutlog",
            "programs_setlog",
            "triage_checkin",
        ):
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
    os.environ["DATABASE_URL"] = args.app_url
    os.environ["BATCH_DATABASE_URL"] = args.batch_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coaching.settings")
    # The job emails clients about missed sessions; keep them in memory instead of printing
    # thousands of messages to the console.
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    import django

    django.setup()
    from django.urls import reverse

    from coaching.batch import batch_session
    from coaching.models import Organization
    from triage.nightly import score_organization, score_organizations
    from triage.risk import risk_provider

    dbname = urlparse(args.app_url).path.lstrip("/")
    with connect(args.admin_url, dbname) as conn, conn.cursor() as cursor:
        cursor.execute(
            "DELETE FROM triage_adherencescore; DELETE FROM triage_scoringrun;"
            " DELETE FROM triage_reviewitem; DELETE FROM triage_notification;"
            " DELETE FROM programs_recommendation WHERE source = 'ai'"
        )
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


def main() -> None:
    args = parse_args()
    if not args.batch_url:
        from coaching.env import default_batch_url

        args.batch_url = default_batch_url(args.app_url)
    prepare_database(args)
    if args.generate_only:
        return
    day = date.today() - timedelta(days=1)
    floor = floor_seconds(args, day)
    print(f"clients: {args.clients} in {args.orgs} organizations, {args.days} days of history")
    print(f"floor (COPY the job's inputs to nowhere, as the administrator): {floor:.2f} s")
    job, scored = job_seconds(args, day, per_organization=False)
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


if __name__ == "__main__":
    main()
