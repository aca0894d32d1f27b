"""The API against its own floor: one gunicorn over Postgres with row-level security, every
request path timed in the same run, each as a ratio to the floor.

    python benchmarks/api.py [--seconds 20] [--threads 20] [--workers 3] [--worker-class sync]
        [--threads-per-worker 4] [--orgs 5] [--clients-per-org 100] [--days 60]
        [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
        [--app-url postgres://spotter:spotter@127.0.0.1:5432/spotter_api_bench]
        [--batch-url postgres://spotter_batch:spotter@127.0.0.1:5432/spotter_api_bench]

Creates its database (as the administrator, owned and migrated by the batch role), seeds it as
benchmarks/load.py does (organizations of clients with plans, logs and check-ins, API tokens),
adds a coach with a token and a session, scores last night (so the queue holds what a night
leaves), then starts gunicorn on a free 127.0.0.1 port as the app role (row-level security
enforced, no batch credentials) and times, one after another, ``--threads`` concurrent
clients for ``--seconds`` each:

- the floor: ``GET /api/v1/orgs/`` with a token (token auth and one query);
- ``POST`` a workout log with 3 sets (each thread a client of its own, a fresh uuid each time);
- ``POST`` a check-in (the red-flag reader runs on it);
- the coach's queue: ``GET /api/v1/orgs/<org>/review-queue/by-client/``;
- the client's Today page (``/o/<org>/app/``, signed in with a session cookie).

Prints requests/s, p50/p95 and requests/s as a ratio to the floor for each; returns them.
Any answer other than 200/201 fails the run.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import load  # noqa: E402  (benchmarks/load.py: seeding, gunicorn, percentiles)

SETS = 3


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        return load.percentile(self.latencies, q)


def ratio_table(results: list[Result]) -> list[str]:
    """One line per path: requests/s, p50/p95 and the ratio of requests/s to the first (the
    floor)."""
    floor = results[0].rate or 1.0
    lines = [f"{'path':<34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'x floor':>8}"]
    for r in results:
        lines.append(
            f"{r.name:<34} {r.rate:>8.1f} {r.p(50) * 1000:>8.0f} {r.p(95) * 1000:>8.0f}"
            f" {r.rate / floor:>8.2f}"
        )
    return lines


def prepare(args) -> dict:
    """Seed as load.py does, then a coach (token and session), a client session and last
    night's scores."""
    load.create_database(args)
    seeded = load.seed(args)
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from coaching.batch import batch_session
    from coaching.models import Client, Membership, Organization, Role, User

    def session_for(user) -> str:
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    with batch_session():
        organization = Organization.objects.get(slug=seeded["org"])
        coach = User.objects.create(email="coach@api.bench", name="Coach", password="!")
        Membership.unscoped.create(organization=organization, user=coach, role=Role.COACH)
        Client.unscoped.filter(organization=organization).update(coach=coach)
        coach_token = Token.objects.create(user=coach).key
        first_client = Client.unscoped.select_related("user").get(pk=seeded["clients"][0][0])
        client_session = session_for(first_client.user)
    call_command(
        "score_adherence",
        "--org",
        seeded["org"],
        "--date",
        (date.today() - timedelta(days=1)).isoformat(),
        verbosity=0,
    )
    return {
        **seeded,
        "coach_token": coach_token,
        "client_session": client_session,
    }


def start_gunicorn(args, port: int) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--timeout",
        "120",
        "--log-level",
        "warning",
        "--preload",
    ]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads_per_worker)]
    env = load.app_env(args, web=True)
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    import requests

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/api/v1/orgs/", timeout=5)
            return process
        except requests.RequestException:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not start")


def timed(name: str, threads: int, seconds: float, make_request) -> Result:
    """``threads`` threads each calling ``make_request(thread_index, session)`` until the
    deadline; ``make_request`` returns the response."""
    import requests

    result = Result(name, 0, 0.0)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(index: int) -> None:
        session = requests.Session()
        while time.monotonic() < deadline:
            began = time.monotonic()
            try:
                status = make_request(index, session).status_code
            except requests.RequestException as exc:
                status = type(exc).__name__
            elapsed = time.monotonic() - began
            with lock:
                result.latencies.append(elapsed)
                result.statuses[status] += 1

    began = time.monotonic()
    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    result.seconds = time.monotonic() - began
    result.requests = len(result.latencies)
    return result


def run(args, seeded: dict) -> list[Result]:
    port = load.free_port()
    base = f"http://127.0.0.1:{port}"
    org = seeded["org"]
    clients = seeded["clients"]
    exercise = seeded["exercise"]

    def token(session, key):
        session.headers["Authorization"] = f"Token {key}"
        return session

    def floor(i, session):
        return token(session, clients[i % len(clients)][1]).get(f"{base}/api/v1/orgs/", timeout=30)

    def workout_log(i, session):
        client_id, key = clients[i % len(clients)]
        rng = random.Random()
        body = {
            "client_uuid": str(uuid.uuid4()),
            "performed_at": (
                datetime.now(UTC) - timedelta(minutes=rng.randint(1, 600))
            ).isoformat(),
            "status": "completed",
            "session_rpe": rng.randint(5, 9),
            "sets": [
                {
                    "exercise": exercise,
                    "set_index": s,
                    "reps": rng.randint(3, 10),
                    "load_kg": 60 + 5 * s,
                }
                for s in range(SETS)
            ],
        }
        return token(session, key).post(
            f"{base}/api/v1/orgs/{org}/clients/{client_id}/workout-logs/", json=body, timeout=30
        )

    def check_in(i, session):
        client_id, key = clients[i % len(clients)]
        rng = random.Random()
        body = {
            "client_uuid": str(uuid.uuid4()),
            **{
                k: rng.randint(2, 4)
                for k in ("readiness", "sleep_quality", "soreness", "fatigue", "stress", "mood")
            },
            "sleep_hours": 7.5,
        }
        return token(session, key).post(
            f"{base}/api/v1/orgs/{org}/clients/{client_id}/check-ins/", json=body, timeout=30
        )

    def queue(i, session):
        return token(session, seeded["coach_token"]).get(
            f"{base}/api/v1/orgs/{org}/review-queue/by-client/", timeout=30
        )

    def today(i, session):
        session.cookies.set("sessionid", seeded["client_session"])
        return session.get(f"{base}/o/{org}/app/", timeout=30)

    paths = [
        ("floor: GET /api/v1/orgs/", floor),
        (f"workout log, {SETS} sets (POST)", workout_log),
        ("check-in (POST)", check_in),
        ("coach's queue by client (GET)", queue),
        ("client's Today page (GET)", today),
    ]
    gunicorn = start_gunicorn(args, port)
    results = []
    try:
        for name, make_request in paths:
            timed(name, 2, 1.0, make_request)  # warm every worker's imports and caches
            results.append(timed(name, args.threads, args.seconds, make_request))
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=60)
        except subprocess.TimeoutExpired:  # workers finishing requests on a busy machine
            gunicorn.kill()
            gunicorn.wait()
    return results


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--threads", type=int, default=20, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads-per-worker", type=int, default=4, help="gthread threads")
    parser.add_argument("--orgs", type=int, default=5)
    parser.add_argument("--clients-per-org", type=int, default=100)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--app-url", default="postgres://spotter:spotter@127.0.0.1:5432/spotter_api_bench"
    )
    parser.add_argument("--batch-url", help="the batch role's URL (default: beside --app-url)")
    args = parser.parse_args(argv)
    if not args.batch_url:
        from coaching.env import default_batch_url

        args.batch_url = default_batch_url(args.app_url)
    if args.threads > args.clients_per_org:
        parser.error("--threads may not exceed --clients-per-org (one client each)")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    seeded = prepare(args)
    results = run(args, seeded)
    worker = f"{args.worker_class}, {args.workers} workers" + (
        f" x {args.threads_per_worker} threads" if args.worker_class == "gthread" else ""
    )
    print(
        f"\n== api: {args.threads} client threads for {args.seconds:g} s per path; gunicorn {worker}"
    )
    for line in ratio_table(results):
        print(line)
    errors = {
        r.name: {k: v for k, v in r.statuses.items() if k not in (200, 201)}
        for r in results
        if any(k not in (200, 201) for k in r.statuses)
    }
    if errors:
        print(f"answers other than 200/201: {errors}")
    # A connection the server closed as idle just as a thread reused it (keep-alive) is the
    # client's race, not a failed request: tolerated up to 1% of a path's requests; any HTTP
    # error status fails the run.
    failed = [
        r.name
        for r in results
        if any(isinstance(k, int) for k in errors.get(r.name, {}))
        or sum(errors.get(r.name, {}).values()) > 0.01 * r.requests
    ]
    if failed:
        print(f"FAIL: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
