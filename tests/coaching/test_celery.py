"""Celery: tasks run in-process in tests, and a real worker consumes from Redis when REDIS_URL
names one (a newcomer's `make test` uses no services, even if a Redis happens to run)."""

import os
import subprocess
import sys
import uuid

import pytest
import redis
from celery import Celery

from coaching.tasks import heartbeat
from config.celery import app as celery_app

REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_is_reachable() -> bool:

    if not REDIS_URL:
        return False
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


def test_the_heartbeat_task_runs_in_process_in_tests():
    result = heartbeat.delay().get(timeout=5)

    assert result["status"] == "ok"


def test_every_beat_schedule_entry_names_a_task_the_worker_knows(settings):
    celery_app.loader.import_default_modules()  # what a worker does when it starts
    unknown = [
        entry["task"]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] not in celery_app.tasks
    ]

    assert settings.CELERY_BEAT_SCHEDULE
    assert unknown == []


def test_the_task_the_beat_schedules_as_the_heartbeat_runs_and_answers_ok(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["heartbeat"]
    task = celery_app.tasks[entry["task"]]

    result = task.apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {})).get(timeout=5)

    assert result["status"] == "ok"


@pytest.mark.skipif(not redis_is_reachable(), reason="REDIS_URL is unset or unreachable")
def test_a_real_worker_consumes_the_heartbeat_from_redis(tmp_path):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "REDIS_URL": REDIS_URL}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "worker.log", "w"),  # noqa: SIM115
    )
    sender = Celery("probe", broker=REDIS_URL, backend=REDIS_URL)
    try:
        result = sender.send_task("coaching.tasks.heartbeat", queue=queue)
        assert result.get(timeout=60)["status"] == "ok"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
