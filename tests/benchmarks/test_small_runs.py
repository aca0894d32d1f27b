"""Every script in benchmarks/ runs here at a small size, so none can rot unseen (issue 18 §3).

The scripts run as a newcomer runs them (``python benchmarks/<name>.py …``, a process of their
own) and must exit 0; their figures are shown in the session's summary (tests/benchmarks/
conftest.py). Those needing Postgres (they create their own database as the administrator,
``SPOTTER_ADMIN_DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/postgres``, and
connect as the roles of ``DATABASE_URL`` and ``BATCH_DATABASE_URL``) are skipped on SQLite and
run in CI's Postgres pass. Their rows are checked against the models on SQLite too: the COPY
column lists come from the models (benchmarks/bulk.py), and a NOT NULL column without a
default that a generator does not fill fails here.
"""

import importlib.util
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse, urlunparse

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"
ADMIN_URL = os.environ.get(
    "SPOTTER_ADMIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)


def _module(name: str):
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _postgres_reason() -> str | None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "needs Postgres: set DATABASE_URL (CI's Postgres pass runs it)"
    try:
        import psycopg2

        psycopg2.connect(ADMIN_URL).close()
    except Exception as exc:  # noqa: BLE001 (any failure to connect is a reason to skip)
        return f"needs the Postgres administrator at SPOTTER_ADMIN_DATABASE_URL: {exc}"
    return None


def _bench_urls(name: str) -> tuple[str, str]:
    """The app and batch roles' URLs (from the environment) on a database of this benchmark's."""
    from coaching.env import default_batch_url

    app = os.environ["DATABASE_URL"]
    batch = os.environ.get("BATCH_DATABASE_URL") or default_batch_url(app)
    dbname = f"{urlparse(app).username}_bench_{name}"
    return tuple(urlunparse(urlparse(url)._replace(path=f"/{dbname}")) for url in (app, batch))


def _drop(url: str) -> None:
    import psycopg2

    conn = psycopg2.connect(ADMIN_URL)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{urlparse(url).path.lstrip("/")}" WITH (FORCE)')
    conn.close()


def run_script(name: str, *arguments: str, timeout: int = 900) -> list[str]:
    """Run ``benchmarks/<name>.py`` with the arguments; its output lines (failing on exit != 0)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env["PYTHONUNBUFFERED"] = "1"
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / f"{name}.py"), *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{name}.py exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout.splitlines()


@pytest.fixture
def postgres_bench(request):
    """(app URL, batch URL) of a database for the benchmark named by the test's parameter;
    skips without Postgres; drops the database afterwards."""
    reason = _postgres_reason()
    if reason:
        pytest.skip(reason)
    app, batch = _bench_urls(request.param)
    yield app, batch
    _drop(app)


def _lines_from(lines: list[str], start: str) -> list[str]:
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    return lines[index:]


# -- on every database -------------------------------------------------------------------------


def test_the_nightly_benchmark_rows_fill_every_column_the_models_require():
    nightly, bulk = _module("nightly"), _module("bulk")
    sink = bulk.FormatOnly()

    nightly.load_rows(SimpleNamespace(clients=20, orgs=2, days=14), sink, exercise_id=1)

    assert sink.counts["coaching_client"] == 20
    assert sink.counts["programs_setlog"] == sink.counts["programs_workoutlog"] > 0


def test_the_pages_benchmark_rows_fill_every_column_the_models_require():
    pages, bulk = _module("pages"), _module("bulk")
    sink = bulk.FormatOnly()
    args = SimpleNamespace(clients=30, open_items=12, days=21, coaches=3)
    first_ids = {
        name: 1
        for name in [
            "coaching_user",
            "coaching_membership",
            "coaching_client",
            "programs_program",
            "programs_programweek",
            "programs_plannedworkout",
            "programs_workoutlog",
            "programs_setlog",
            "triage_checkin",
            "triage_adherencescore",
            "triage_reviewitem",
        ]
    }

    pages.load_rows(args, sink, 1, [1, 2, 3, 4], first_ids, date(2026, 3, 2))

    assert sink.counts["coaching_client"] == 30
    assert sink.counts["triage_reviewitem"] == 12


def test_a_row_missing_a_required_column_names_it():
    from triage.models import ReviewItem

    bulk = _module("bulk")

    with pytest.raises(bulk.MissingColumn, match="triage_reviewitem.due_at"):
        bulk.Table(ReviewItem).line(
            {"id": 1, "organization_id": 1, "client_id": 1, "updated_at": "2026-03-02"}
        )


def test_the_drafting_benchmark_runs(benchmark_figures):
    lines = run_script("drafting", "--repeat", "1")

    assert any(line.startswith("26 profiles:") for line in lines)
    benchmark_figures("python benchmarks/drafting.py --repeat 1", lines)


# -- on Postgres -------------------------------------------------------------------------------


@pytest.mark.parametrize("postgres_bench", ["nightly"], indirect=True)
def test_the_nightly_benchmark_runs_at_500_clients(postgres_bench, benchmark_figures):
    app, batch = postgres_bench
    arguments = ["--clients", "500", "--orgs", "5", "--days", "30", "--repeat", "2"]

    lines = run_script("nightly", *arguments, "--app-url", app, "--batch-url", batch)

    assert any("500 scores written" in line for line in lines), lines
    assert sum(line.startswith("  runs: ") for line in lines) == 1, lines  # the one process
    benchmark_figures(f"python benchmarks/nightly.py {' '.join(arguments)}", lines)


@pytest.mark.parametrize("postgres_bench", ["load"], indirect=True)
def test_the_load_benchmark_runs_for_a_few_seconds_and_passes(postgres_bench, benchmark_figures):
    app, batch = postgres_bench
    arguments = "--seconds 4 --users 5 --workers 2 --orgs 2 --clients-per-org 60 --days 14"
    arguments += " --fault-chunk-size 5"

    lines = run_script("load", *arguments.split(), "--app-url", app, "--batch-url", batch)

    assert lines[-1] == "PASS"
    benchmark_figures(f"python benchmarks/load.py {arguments}", _lines_from(lines, "== load"))


@pytest.mark.parametrize("postgres_bench", ["api"], indirect=True)
def test_the_api_benchmark_times_every_path_against_the_floor(postgres_bench, benchmark_figures):
    app, batch = postgres_bench
    arguments = "--seconds 2 --threads 4 --orgs 1 --clients-per-org 10 --days 14"

    lines = run_script("api", *arguments.split(), "--app-url", app, "--batch-url", batch)

    table = _lines_from(lines, "== api")
    assert len(table) == 2 + 5 and table[2].startswith("floor")
    benchmark_figures(f"python benchmarks/api.py {arguments}", table)


@pytest.mark.parametrize("postgres_bench", ["pages"], indirect=True)
def test_the_pages_benchmark_times_every_main_page(postgres_bench, benchmark_figures):
    app, batch = postgres_bench
    arguments = "--clients 200 --open-items 40 --days 21 --repeat 2"

    lines = run_script("pages", *arguments.split(), "--app-url", app, "--batch-url", batch)

    table = _lines_from(lines, "== pages")
    assert sum(line.startswith(("coach ", "client ", "owner ")) for line in table) == 12
    benchmark_figures(f"python benchmarks/pages.py {arguments}", table)
