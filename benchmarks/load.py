"""Load and faults: concurrent workout logging against gunicorn + Postgres while the nightly job
runs, then a nightly job killed half way and run again. Loopback only, bounded in time.

    python benchmarks/load.py [--seconds 60] [--users 100] [--workers 3]
        [--orgs 20] [--clients-per-org 100] [--days 60]
        [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
        [--app-url postgres://spotter:spotter@127.0.0.1:5432/spotter_load]
        [--batch-url postgres://spotter_batch:spotter@127.0.0.1:5432/spotter_load]

1. Creates the database (as the administrator, owned by the batch role), migrates it as the
   batch role, and seeds (on the batch connection: system work) ``--orgs`` organizations of ``--clients-per-org`` clients with ``--days`` of
   plans, logs and check-ins (set-wise, a few seconds).
2. Starts gunicorn on a free 127.0.0.1 port (the app connects as the ordinary role, so row-level
   security is enforced) and ``--users`` threads, one per client of the first organization, each
   posting workout logs with a uuid it made, retrying timeouts, dropped connections and 5xx with
   the SAME uuid (bounded tries), for ``--seconds``. Meanwhile ``manage.py score_adherence``
   scores all organizations, one past day after another, and half way one gunicorn worker is
   killed with SIGKILL (its requests fail; clients retry).
3. Prints requests/s, p50/p95/p99 latency and errors; checks that every acknowledged log is
   stored exactly once with its sets, and no unacknowledged one twice.
4. Starts the nightly job for a fresh day, kills it with SIGKILL once part of the clients are
   scored, runs it again, and checks one score per active client, no duplicate open review
   items, a review item for every flagged client, and complete run summaries.

Prints PASS or FAIL; the exit code says the same.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SETS_PER_LOG = 2
MAX_TRIES = 6
REQUEST_TIMEOUT = 15.0


# -- pure checks (unit-tested in tests/benchmarks) ---------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def latency_summary(latencies: list[float]) -> dict[str, float]:
    return {f"p{q}": percentile(latencies, q) for q in (50, 95, 99)}


def log_problems(
    acknowledged: dict[str, int], unacknowledged: set[str], stored: dict[str, tuple[int, int]]
) -> list[str]:
    """What is wrong with the stored logs.

    ``acknowledged``: uuid -> sets sent, for every log the server answered 200/201 to;
    ``unacknowledged``: uuids whose every try failed; ``stored``: uuid -> (logs, sets) in the
    database. Every acknowledged log must be there exactly once with all its sets; an
    unacknowledged one at most once (its request may have committed before the answer was lost).
    """
    problems = []
    for client_uuid, sets in sorted(acknowledged.items()):
        logs, stored_sets = stored.get(client_uuid, (0, 0))
        if logs != 1:
            problems.append(f"acknowledged log {client_uuid} stored {logs} times")
        elif stored_sets != sets:
            problems.append(f"acknowledged log {client_uuid} has {stored_sets} of {sets} sets")
    for client_uuid in sorted(unacknowledged):
        logs, _ = stored.get(client_uuid, (0, 0))
        if logs > 1:
            problems.append(f"unacknowledged log {client_uuid} stored {logs} times")
    return problems


@dataclass
class NightState:
    """What the database holds for one scored day (all organizations)."""

    active_clients: set[tuple[int, int]]  # (organization, client)
    score_counts: dict[tuple[int, int], int]  # (organization, client) -> scores that day
    flagged_clients: set[tuple[int, int]]  # non-green that day
    open_item_counts: dict[tuple[int, int, str], int]  # (org, client, reason kind) -> open items
    clients_with_open_items: set[tuple[int, int]]
    runs: dict[int, dict] = field(default_factory=dict)  # org -> {status, clients_scored, flags}


def night_problems(state: NightState) -> list[str]:
    problems = []
    missing = state.active_clients - set(state.score_counts)
    if missing:
        problems.append(f"{len(missing)} active clients have no score")
    doubled = {key: n for key, n in state.score_counts.items() if n > 1}
    if doubled:
        problems.append(f"{len(doubled)} clients scored more than once")
    duplicate_items = {key: n for key, n in state.open_item_counts.items() if n > 1}
    if duplicate_items:
        problems.append(f"{len(duplicate_items)} duplicate open review items")
    unreviewed = state.flagged_clients - state.clients_with_open_items
    if unreviewed:
        problems.append(f"{len(unreviewed)} flagged clients without an open review item")
    active_by_org = Counter(org for org, _ in state.active_clients)
    scored_by_org = Counter(org for org, _ in state.score_counts)
    for org, active in sorted(active_by_org.items()):
        run = state.runs.get(org)
        if run is None:
            problems.append(f"organization {org}: no scoring run")
            continue
        if run["status"] != "done":
            problems.append(f"organization {org}: run {run['status']}")
        if run["clients_scored"] != scored_by_org[org]:
            problems.append(
                f"organization {org}: run says {run['clients_scored']} scored, "
                f"{scored_by_org[org]} scores stored"
            )
        flagged = sum((run["flags"] or {}).get(level, 0) for level in ("green", "yellow", "red"))
        if flagged != active:
            problems.append(
                f"organization {org}: run's flags count {flagged} clients of {active} active"
            )
    return problems


# -- database ----------------------------------------------------------------------------------


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


def create_database(args) -> None:
    dbname = urlparse(args.app_url).path.lstrip("/")
    admin = connect(args.admin_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
        cursor.execute(f'CREATE DATABASE "{dbname}" OWNER "{urlparse(args.batch_url).username}"')
    admin.close()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--database=batch", "-v0"],
        cwd=ROOT,
        env=app_env(args),
        check=True,
    )


def app_env(args, web: bool = False) -> dict:
    """The environment of the app's processes; the web server's has no batch role."""
    env = {
        **os.environ,
        "DATABASE_URL": args.app_url,
        "BATCH_DATABASE_URL": args.batch_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    if web:
        env.pop("BATCH_DATABASE_URL")
    env.pop("REDIS_URL", None)  # tasks in-process: the benchmark needs no broker
    env.setdefault("SECRET_KEY", "load-benchmark-only")
    env["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    env.setdefault("PYTHONWARNINGS", "ignore:No directory at:UserWarning")
    return env


def seed(args) -> dict:
    """Organizations of active clients with plans, logs, check-ins and API tokens (on the batch
    connection: seeding is system work across tenants)."""
    os.environ.update(app_env(args))
    import django

    django.setup()
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from coaching.batch import batch_session
    from coaching.models import Client, Membership, Organization, Role, User
    from programs.models import Exercise, PlannedWorkout, Program, ProgramWeek, SetLog, WorkoutLog
    from triage.models import CheckIn
    from triage.queue import ensure_defaults

    rng = random.Random(11)
    today = date.today()
    start = today - timedelta(days=args.days)
    began = time.monotonic()
    with batch_session(), transaction.atomic():
        exercise = Exercise.unscoped.filter(organization__isnull=True).order_by("id").first()
        orgs = Organization.objects.bulk_create(
            [
                Organization(name=f"Load {n}", slug=f"load-{n}", time_zone="UTC")
                for n in range(args.orgs)
            ]
        )
        for organization in orgs:
            ensure_defaults(organization)
        joined = datetime.now(UTC) - timedelta(days=args.days + 30)
        users = User.objects.bulk_create(
            [
                User(email=f"c{o}-{n}@load.test", name=f"Client {o}-{n}", password="!")
                for o in range(args.orgs)
                for n in range(args.clients_per_org)
            ]
        )
        pairs = [(orgs[i // args.clients_per_org], user) for i, user in enumerate(users)]
        Membership.unscoped.bulk_create(
            [Membership(organization=o, user=u, role=Role.CLIENT) for o, u in pairs]
        )
        clients = Client.unscoped.bulk_create(
            [Client(organization=o, user=u, status="active", created_at=joined) for o, u in pairs]
        )
        tokens = Token.objects.bulk_create([Token(user=u, key=Token.generate_key()) for u in users])
        programs = Program.unscoped.bulk_create(
            [
                Program(
                    organization=c.organization,
                    client=c,
                    name="Block",
                    status="active",
                    start_date=start,
                )
                for c in clients
            ]
        )
        weeks = ProgramWeek.unscoped.bulk_create(
            [ProgramWeek(organization=p.organization, program=p, index=1) for p in programs]
        )
        planned, logs, checkins = [], [], []
        for client, program, week in zip(clients, programs, weeks, strict=True):
            weekdays = rng.sample(range(7), 4)
            habit = rng.choice([0.95, 0.9, 0.85, 0.8, 0.6, 0.3])
            for offset in range(args.days):
                day = start + timedelta(days=offset)
                at = datetime.combine(day, dtime(18, 0), tzinfo=UTC)
                if day.weekday() in weekdays:
                    planned.append(
                        PlannedWorkout(
                            organization=client.organization,
                            week=week,
                            program=program,
                            client=client,
                            day_index=day.weekday(),
                            planned_date=day,
                            name="Session",
                        )
                    )
                    if rng.random() < habit:
                        logs.append(
                            WorkoutLog(
                                organization=client.organization,
                                client=client,
                                client_uuid=uuid.uuid4(),
                                performed_at=at,
                                status="completed",
                            )
                        )
                if day.weekday() == 6 and rng.random() < habit:
                    mood = rng.randint(2, 5)
                    checkins.append(
                        CheckIn(
                            organization=client.organization,
                            client=client,
                            created_at=at,
                            readiness=mood,
                            sleep_quality=mood,
                            soreness=2,
                            fatigue=6 - mood,
                            stress=2,
                            mood=mood,
                        )
                    )
        PlannedWorkout.unscoped.bulk_create(planned, batch_size=5000)
        WorkoutLog.unscoped.bulk_create(logs, batch_size=5000)
        SetLog.unscoped.bulk_create(
            [
                SetLog(
                    organization=log.organization,
                    log=log,
                    exercise=exercise,
                    set_index=0,
                    reps=5,
                    load_kg=80,
                    e1rm_kg=93.3,
                )
                for log in logs
            ],
            batch_size=5000,
        )
        CheckIn.unscoped.bulk_create(checkins, batch_size=5000)
    print(
        f"seeded {len(orgs)} organizations, {len(clients)} clients, {len(planned)} planned "
        f"sessions, {len(logs)} logs, {len(checkins)} check-ins in {time.monotonic() - began:.1f}s"
    )
    per_org = args.clients_per_org
    return {
        "org": orgs[0].slug,
        "exercise": exercise.id,
        "clients": [
            (c.id, t.key) for c, t in zip(clients[:per_org], tokens[:per_org], strict=True)
        ],
    }


# -- processes ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(args, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "--preload",
        ],
        cwd=ROOT,
        env=app_env(args, web=True),
    )
    import requests

    deadline = time.monotonic() + 180  # workers import Django and pandas on a busy machine
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/api/v1/orgs/", timeout=5)  # 401 = up
            return process
        except requests.RequestException:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not start")


def gunicorn_workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def nightly_command(args, day: date, chunk_size: int = 500) -> list[str]:
    return [
        sys.executable,
        "manage.py",
        "score_adherence",
        "--date",
        day.isoformat(),
        "--chunk-size",
        str(chunk_size),
        "-v0",
    ]


# -- the load ----------------------------------------------------------------------------------


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    acknowledged: dict[str, int] = field(default_factory=dict)
    unacknowledged: set[str] = field(default_factory=set)
    retries: int = 0
    rejected: int = 0  # 4xx: a bug in the client or the server, never retried


def simulated_client(
    base: str, org: str, client_id: int, token: str, exercise: int, deadline, tally
):
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    url = f"{base}/api/v1/orgs/{org}/clients/{client_id}/workout-logs/"
    rng = random.Random(client_id)
    while time.monotonic() < deadline:
        client_uuid = str(uuid.uuid4())
        body = {
            "client_uuid": client_uuid,
            "performed_at": (
                datetime.now(UTC) - timedelta(minutes=rng.randint(1, 600))
            ).isoformat(),
            "status": "completed",
            "session_rpe": rng.randint(5, 9),
            "sets": [
                {
                    "exercise": exercise,
                    "set_index": i,
                    "reps": rng.randint(3, 10),
                    "load_kg": 60 + 5 * i,
                }
                for i in range(SETS_PER_LOG)
            ],
        }
        for attempt in range(MAX_TRIES):
            began = time.monotonic()
            try:
                response = session.post(url, json=body, timeout=REQUEST_TIMEOUT)
                status = response.status_code
            except requests.RequestException as exc:
                status = type(exc).__name__
            elapsed = time.monotonic() - began
            with tally.lock:
                tally.latencies.append(elapsed)
                tally.statuses[status] += 1
                if attempt:
                    tally.retries += 1
            if status in (200, 201):
                with tally.lock:
                    tally.acknowledged[client_uuid] = SETS_PER_LOG
                break
            if isinstance(status, int) and status < 500:
                with tally.lock:
                    tally.rejected += 1
                    tally.unacknowledged.add(client_uuid)
                break
            session = requests.Session()  # a dropped connection: start clean
            session.headers["Authorization"] = f"Token {token}"
            time.sleep(min(2.0, 0.1 * 2**attempt))
        else:
            with tally.lock:
                tally.unacknowledged.add(client_uuid)


def stored_logs(args, uuids: list[str]) -> dict[str, tuple[int, int]]:
    conn = connect(args.admin_url, urlparse(args.app_url).path.lstrip("/"))
    with conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT l.client_uuid::text, count(DISTINCT l.id), count(s.id) "
            "FROM programs_workoutlog l LEFT JOIN programs_setlog s ON s.log_id = l.id "
            "WHERE l.client_uuid = ANY(%s::uuid[]) GROUP BY 1",
            [uuids],
        )
        rows = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    conn.close()
    return rows


def run_load(args, seeded) -> tuple[list[str], list[date]]:
    port = free_port()
    gunicorn = start_gunicorn(args, port)
    base = f"http://127.0.0.1:{port}"
    tally = Tally()
    nightly_days: list[date] = []
    killed_worker = None
    try:
        began = time.monotonic()
        deadline = began + args.seconds
        threads = [
            threading.Thread(
                target=simulated_client,
                args=(base, seeded["org"], client_id, token, seeded["exercise"], deadline, tally),
                daemon=True,
            )
            for client_id, token in seeded["clients"][: args.users]
        ]
        for thread in threads:
            thread.start()
        day = date.today() - timedelta(days=1)
        nightly = subprocess.Popen(nightly_command(args, day), cwd=ROOT, env=app_env(args))
        nightly_days.append(day)
        while time.monotonic() < deadline:
            if killed_worker is None and time.monotonic() > began + args.seconds / 2:
                workers = gunicorn_workers(gunicorn.pid)
                if workers:
                    killed_worker = workers[0]
                    os.kill(killed_worker, signal.SIGKILL)
            if nightly.poll() is not None:
                if nightly.returncode != 0:
                    raise SystemExit(f"score_adherence failed for {day}")
                day -= timedelta(days=1)
                nightly = subprocess.Popen(nightly_command(args, day), cwd=ROOT, env=app_env(args))
                nightly_days.append(day)
            time.sleep(0.2)
        for thread in threads:
            thread.join(timeout=MAX_TRIES * REQUEST_TIMEOUT + 15)
        elapsed = time.monotonic() - began
        nightly.wait(timeout=600)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    latency = latency_summary(tally.latencies)
    requests_total = sum(tally.statuses.values())
    errors = {k: v for k, v in tally.statuses.items() if k not in (200, 201)}
    print(
        f"\n== load: {args.users} clients logging workouts for {args.seconds}s, gunicorn --workers {args.workers}"
    )
    print(
        f"requests: {requests_total} in {elapsed:.1f}s = {requests_total / elapsed:.1f} requests/s"
    )
    print(
        f"acknowledged logs: {len(tally.acknowledged)} ({len(tally.acknowledged) / elapsed:.1f}/s)"
    )
    print(
        "latency: "
        + ", ".join(f"{name} {value * 1000:.0f} ms" for name, value in latency.items())
        + f", max {max(tally.latencies, default=0) * 1000:.0f} ms"
    )
    print(f"answers: {dict(sorted(tally.statuses.items(), key=str))}")
    print(
        f"errors: {sum(errors.values())} failed tries ({errors or 'none'}), {tally.retries} retries, "
        f"{tally.rejected} rejected (4xx), {len(tally.unacknowledged)} logs never acknowledged"
    )
    print(f"gunicorn worker killed (SIGKILL) half way: pid {killed_worker}")
    print(
        f"nightly job during the load: {len(nightly_days)} days scored or started ({nightly_days[-1]} … {nightly_days[0]})"
    )
    uuids = list(tally.acknowledged) + list(tally.unacknowledged)
    stored = stored_logs(args, uuids) if uuids else {}
    problems = log_problems(tally.acknowledged, tally.unacknowledged, stored)
    if not tally.acknowledged:
        problems.append("no log was acknowledged")
    if tally.rejected:
        problems.append(f"{tally.rejected} logs rejected with 4xx")
    print(
        f"stored exactly once: {sum(1 for u in tally.acknowledged if stored.get(u, (0, 0))[0] == 1)}"
        f" of {len(tally.acknowledged)} acknowledged; unacknowledged stored: "
        f"{sum(1 for u in tally.unacknowledged if u in stored)} of {len(tally.unacknowledged)}"
    )
    return problems, nightly_days


# -- the fault ---------------------------------------------------------------------------------


def night_state(args, day: date) -> NightState:
    conn = connect(args.admin_url, urlparse(args.app_url).path.lstrip("/"))
    with conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT organization_id, id FROM coaching_client WHERE status = 'active' "
            "AND created_at::date <= %s",
            [day],
        )
        active = set(cursor.fetchall())
        cursor.execute(
            "SELECT organization_id, client_id, count(*) FROM triage_adherencescore "
            "WHERE date = %s GROUP BY 1, 2",
            [day],
        )
        scores = {(o, c): n for o, c, n in cursor.fetchall()}
        cursor.execute(
            "SELECT organization_id, client_id FROM triage_adherencescore "
            "WHERE date = %s AND level <> 'green'",
            [day],
        )
        flagged = set(cursor.fetchall())
        cursor.execute(
            "SELECT organization_id, client_id, reason_kind, count(*) FROM triage_reviewitem "
            "WHERE status = 'open' GROUP BY 1, 2, 3"
        )
        items = {(o, c, k): n for o, c, k, n in cursor.fetchall()}
        cursor.execute(
            "SELECT organization_id, status, clients_scored, flags FROM triage_scoringrun "
            "WHERE date = %s",
            [day],
        )
        runs = {
            o: {"status": s, "clients_scored": n, "flags": f} for o, s, n, f in cursor.fetchall()
        }
    conn.close()
    return NightState(
        active_clients=active,
        score_counts=scores,
        flagged_clients=flagged,
        open_item_counts=items,
        clients_with_open_items={(o, c) for o, c, _ in items},
        runs=runs,
    )


def scored_clients(args, day: date) -> int:
    conn = connect(args.admin_url, urlparse(args.app_url).path.lstrip("/"))
    with conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM triage_adherencescore WHERE date = %s", [day])
        count = cursor.fetchone()[0]
    conn.close()
    return count


def run_fault(args, day: date) -> list[str]:
    total = args.orgs * args.clients_per_org
    print(f"\n== fault: the nightly job for {day} killed (SIGKILL) part way, then run again")
    began = time.monotonic()
    job = subprocess.Popen(
        nightly_command(args, day, chunk_size=args.fault_chunk_size), cwd=ROOT, env=app_env(args)
    )
    while job.poll() is None and time.monotonic() - began < 600:
        scored = scored_clients(args, day)
        # Kill inside an organization (some of its chunks committed, not all), past a quarter.
        if scored >= total * 0.25 and scored % args.clients_per_org:
            job.send_signal(signal.SIGKILL)
            job.wait()
            break
        time.sleep(0.05)
    if job.returncode != -signal.SIGKILL:
        return [f"the job ended before it could be killed (exit {job.returncode})"]
    partial = night_state(args, day)
    unfinished = sum(1 for run in partial.runs.values() if run["status"] != "done")
    print(
        f"killed after {time.monotonic() - began:.1f}s: {sum(partial.score_counts.values())} of "
        f"{total} clients scored, {len(partial.runs)} runs started, {unfinished} not done "
        f"(one organization part scored)"
    )
    began = time.monotonic()
    subprocess.run(
        nightly_command(args, day, chunk_size=args.fault_chunk_size),
        cwd=ROOT,
        env=app_env(args),
        check=True,
    )
    state = night_state(args, day)
    print(
        f"rerun in {time.monotonic() - began:.1f}s: {sum(state.score_counts.values())} scores for "
        f"{len(state.active_clients)} active clients, {len(state.flagged_clients)} flagged, "
        f"{sum(state.open_item_counts.values())} open review items, "
        f"{sum(1 for r in state.runs.values() if r['status'] == 'done')} of {args.orgs} runs done"
    )
    return night_problems(state)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=100, help="concurrent simulated clients")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--orgs", type=int, default=20)
    parser.add_argument("--clients-per-org", type=int, default=100)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--app-url", default="postgres://spotter:spotter@127.0.0.1:5432/spotter_load"
    )
    parser.add_argument("--batch-url", help="the batch role's URL (default: beside --app-url)")
    parser.add_argument("--fault-only", action="store_true", help="skip the load, run the fault")
    parser.add_argument(
        "--fault-chunk-size",
        type=int,
        default=50,
        help="clients per committed chunk in the fault's night (fewer than --clients-per-org, so"
        " the kill lands inside an organization)",
    )
    args = parser.parse_args(argv)
    if not args.batch_url:
        from coaching.env import default_batch_url

        args.batch_url = default_batch_url(args.app_url)
    if args.fault_chunk_size >= args.clients_per_org:
        parser.error("--fault-chunk-size must be below --clients-per-org")
    if args.users > args.clients_per_org:
        parser.error("--users may not exceed --clients-per-org (one simulated client each)")
    return args


def main() -> int:
    args = parse_args()
    create_database(args)
    seeded = seed(args)
    if args.fault_only:
        problems, fault_day = [], date.today() - timedelta(days=8)
    else:
        problems, nightly_days = run_load(args, seeded)
        fault_day = min(nightly_days) - timedelta(days=7)
    problems += run_fault(args, fault_day)
    print()
    for problem in problems:
        print(f"  - {problem}")
    print("FAIL" if problems else "PASS")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
