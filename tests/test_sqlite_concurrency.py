"""The embedded default keeps every write under concurrency (issue 13 §2).

A file-backed SQLite database behind gunicorn in its own process (2 workers × 4 threads), hit by
real threads released together. pytest-django's live server shares the in-memory test connection,
so a test built on it could never see SQLite's lock; this one runs the server as a deployment
would. Every acknowledged write must be stored, none twice, and no answer may be a 5xx.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 10
CALM = {"readiness": 4, "sleep_quality": 4, "soreness": 2, "fatigue": 2, "stress": 2, "mood": 4}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A migrated SQLite file with one organization, and gunicorn serving it."""
    database = tmp_path_factory.mktemp("sqlite") / "spotter.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "BATCH_DATABASE_URL")},
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "sqlite-concurrency-test",
        "DJANGO_DEBUG": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PYTHONWARNINGS": "ignore",
    }
    run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "text": True}
    world = json.loads(
        subprocess.run(
            [sys.executable, "-m", "tests.concurrency_world", str(CLIENTS)], **run
        ).stdout
    )
    port = _free_port()
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
            "--threads=4",
            "--worker-class=gthread",
            "--timeout=120",
            "--log-level=warning",
            "--preload",
            "--graceful-timeout=5",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            requests.get(f"{base}/login/", timeout=5)
            break
        except requests.RequestException:
            if time.monotonic() > deadline or gunicorn.poll() is not None:
                gunicorn.kill()
                pytest.fail("gunicorn did not start")
            time.sleep(0.3)
    yield {"base": base, "world": world, "database": database}
    gunicorn.send_signal(signal.SIGINT)  # quick shutdown
    gunicorn.wait(timeout=30)


def together(calls) -> list[requests.Response]:
    """Run the calls on real threads released at the same moment; their answers in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def post(server, token: str, path: str, body: dict):
    url = f"{server['base']}/api/v1/orgs/{server['world']['org']}/{path}"
    headers = {"Authorization": f"Token {token}"}
    return lambda: requests.post(url, json=body, headers=headers, timeout=60)


def stored(server, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(server["database"]) as db:
        return db.execute(sql, params).fetchall()


def test_simultaneous_red_check_ins_are_all_stored_each_with_its_red_item(server):
    clients = server["world"]["clients"]
    uuids = [str(uuid.uuid4()) for _ in clients]

    answers = together(
        [
            post(
                server,
                c["token"],
                f"clients/{c['id']}/check-ins/",
                {**CALM, "client_uuid": u, "symptoms": ["chest_pain"]},
            )
            for c, u in zip(clients, uuids, strict=True)
        ]
    )

    assert [a.status_code for a in answers] == [201] * len(clients)
    rows = stored(server, "SELECT client_uuid, level FROM triage_checkin WHERE level = 'red'")
    assert sorted(uuid.UUID(r[0]).hex for r in rows) == sorted(uuid.UUID(u).hex for u in uuids)
    reds = stored(
        server,
        "SELECT COUNT(DISTINCT client_id) FROM triage_reviewitem WHERE level = 'red' AND status = 'open'",
    )
    assert reds == [(len(clients),)]


def test_twenty_identical_workout_logs_store_one_log_and_answer_every_request(server):
    client = server["world"]["clients"][0]
    body = {
        "client_uuid": str(uuid.uuid4()),
        "performed_at": datetime.now(UTC).isoformat(),
        "status": "completed",
        "session_rpe": 7,
    }

    answers = together(
        [post(server, client["token"], f"clients/{client['id']}/workout-logs/", body)] * 20
    )

    assert sorted(a.status_code for a in answers) == [200] * 19 + [201]
    assert stored(
        server,
        "SELECT COUNT(*) FROM programs_workoutlog WHERE client_uuid = ?",
        uuid.UUID(body["client_uuid"]).hex,
    ) == [(1,)]


def test_simultaneous_resolves_are_all_stored(server):
    coach = server["world"]["coach"]
    items = [c["item"] for c in server["world"]["clients"]]

    answers = together(
        [
            post(
                server,
                coach,
                f"review-queue/{item}/resolve/",
                {"resolution": "no_change", "message": "Seen."},
            )
            for item in items
        ]
    )

    assert [a.status_code for a in answers] == [200] * len(items)
    marks = ",".join("?" * len(items))
    assert stored(
        server,
        f"SELECT COUNT(*) FROM triage_reviewitem WHERE id IN ({marks}) AND status = 'resolved'",
        *items,
    ) == [(len(items),)]


def test_check_ins_sent_together_with_one_uuid_store_one_and_answer_every_request(server):
    client = server["world"]["clients"][1]
    body = {**CALM, "client_uuid": str(uuid.uuid4()), "notes": "sent from a flaky train"}

    answers = together(
        [post(server, client["token"], f"clients/{client['id']}/check-ins/", body)] * 10
    )

    assert sorted(a.status_code for a in answers) == [200] * 9 + [201]
    assert stored(
        server,
        "SELECT COUNT(*) FROM triage_checkin WHERE client_uuid = ?",
        uuid.UUID(body["client_uuid"]).hex,
    ) == [(1,)]
