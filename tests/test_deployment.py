"""What a deployment runs: the refusal to serve on the published development key, and the
Dockerfile and docker-compose.yml read statically (there is no Docker engine here): every
service's command exists, every package is copied before the install, the batch role is wired.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import psycopg2
import pytest
import yaml
from django.core.management import call_command, get_commands
from django.core.management.base import SystemCheckError
from django.db import connection

from coaching.env import database_from_url
from tests.conftest import APP_LOGIN

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
DB_INIT = (ROOT / "deploy" / "db-init" / "01-spotter-role.sh").read_text()
OUR_SERVICES = {name: s for name, s in COMPOSE["services"].items() if "build" in s}


def run(args: list[str], timeout: int = 300, **env) -> subprocess.CompletedProcess:
    """A fresh process of the app, with SECRET_KEY and DJANGO_DEBUG as given (unset if None)."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "SECRET_KEY_FILE", "DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE")
    }
    environment.update({k: v for k, v in env.items() if v is not None})
    environment.setdefault("PYTHONWARNINGS", "ignore")
    return subprocess.run(
        args, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout
    )


# -- SECRET_KEY --------------------------------------------------------------------------------


def test_gunicorn_refuses_to_serve_without_a_secret_key():
    gunicorn = str(Path(sys.executable).parent / "gunicorn")

    # A gunicorn that serves runs until killed: the timeout fails the test.
    result = run([gunicorn, "config.wsgi", "--bind=127.0.0.1:0", "--workers=1"], timeout=120)

    assert result.returncode != 0
    assert "Refusing to serve: SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "env", [{"SECRET_KEY": "a-real-secret"}, {"DJANGO_DEBUG": "true"}], ids=["key", "debug"]
)
def test_the_wsgi_application_loads_with_a_secret_key_or_in_debug(env):
    result = run([sys.executable, "-c", "import config.wsgi"], **env)

    assert result.returncode == 0, result.stderr


def test_check_deploy_fails_on_the_development_key(settings):
    settings.SECRET_KEY, settings.DEBUG = settings.DEVELOPMENT_SECRET_KEY, False

    with pytest.raises(SystemCheckError, match="spotter.E001"):
        call_command("check", "--deploy", "--tag", "security", stdout=io.StringIO())


def test_check_deploy_passes_the_key_check_with_a_secret_key(settings):
    settings.SECRET_KEY = "k" * 60
    out = io.StringIO()

    call_command("check", "--deploy", "--tag", "security", stdout=out, stderr=out)

    assert "spotter.E001" not in out.getvalue()


def test_the_docker_builds_collectstatic_runs_on_the_development_key():
    collect = run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--dry-run"],
        DJANGO_DEBUG="false",
        STATIC_MANIFEST="true",
    )

    assert collect.returncode == 0, collect.stderr


# -- Dockerfile ----------------------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) per instruction, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and not line.startswith("#")]  # type: ignore[misc]


def installed_packages() -> set[str]:
    """The top-level packages pyproject.toml installs."""
    patterns = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    return {pattern.rstrip("*").rstrip(".") for pattern in patterns}


def test_the_dockerfile_copies_every_package_before_installing_the_project():
    instructions = dockerfile()
    install = next(
        i for i, (op, args) in enumerate(instructions) if op == "RUN" and "pip install ." in args
    )
    copied = set()
    for op, args in instructions[:install]:
        if op == "COPY":
            *sources, _ = shlex.split(args)
            copied |= {source.rstrip("/") for source in sources}

    assert installed_packages() <= copied or "." in copied
    assert {"pyproject.toml", "README.md"} <= copied


def test_the_images_command_exists():
    cmd = next(args for op, args in dockerfile() if op == "CMD")
    assert_command_exists(yaml.safe_load(cmd))


# -- docker-compose.yml --------------------------------------------------------------------------


def expanded(value: str) -> str:
    """A compose value with ${NAME:-default} as its default and ${NAME:?error} as a stand-in."""
    value = re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)
    return re.sub(r"\$\{[A-Z_]+:\?[^}]*\}", "set", value)


def environment(service: dict) -> dict[str, str]:
    return {k: expanded(str(v)) for k, v in (service.get("environment") or {}).items()}


def dependencies() -> set[str]:
    return {
        re.split(r"[<>=\[ ]", spec, maxsplit=1)[0].lower()
        for spec in PYPROJECT["project"]["dependencies"]
    }


def assert_command_exists(argv: list[str]) -> None:
    program = argv[0]
    if program == "python" and argv[1] == "manage.py":
        assert argv[2] in get_commands(), argv
    elif program == "python":
        assert argv[1] == "-c", argv
    elif program == "gunicorn":
        assert "gunicorn" in dependencies()
        module = argv[1].split(":")[0]
        assert importlib.util.find_spec(module) is not None, argv
    elif program == "celery":
        assert "celery" in dependencies()
        app = argv[argv.index("-A") + 1]
        assert importlib.util.find_spec(f"{app}.celery") is not None, argv
        assert {"worker", "beat"} & set(argv), argv
    else:
        pytest.fail(f"unknown program in {argv}")


@pytest.mark.parametrize("name", sorted(OUR_SERVICES))
def test_every_service_command_exists(name):
    assert_command_exists(OUR_SERVICES[name]["command"])


def test_the_database_service_creates_both_roles_from_the_init_script():
    db = COMPOSE["services"]["db"]
    app = database_from_url(environment(OUR_SERVICES["web"])["DATABASE_URL"], ROOT)
    batch = database_from_url(environment(OUR_SERVICES["migrate"])["BATCH_DATABASE_URL"], ROOT)

    assert "./deploy/db-init:/docker-entrypoint-initdb.d:ro" in db["volumes"]
    assert (batch["NAME"], batch["HOST"]) == (app["NAME"], app["HOST"])
    assert app["USER"] != batch["USER"]
    statements = " ".join(DB_INIT.split())
    assert f"CREATE ROLE {app['USER']} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB" in statements
    assert f"CREATE ROLE {batch['USER']} LOGIN NOSUPERUSER NOBYPASSRLS" in statements
    assert f"GRANT {app['USER']} TO {batch['USER']};" in statements
    assert f"GRANT {batch['USER']} TO" not in statements
    assert f"CREATE DATABASE {app['NAME']} OWNER {batch['USER']};" in statements
    for password in re.findall(r"\$\{(SPOTTER_[A-Z_]+_PASSWORD)", DB_INIT):
        assert password in db["environment"]


def test_migrations_run_as_the_batch_role_and_the_worker_has_the_batch_connection():
    migrate = OUR_SERVICES["migrate"]

    assert migrate["command"][-2:] == ["--database", "batch"]
    assert "BATCH_DATABASE_URL" in environment(migrate)
    assert "BATCH_DATABASE_URL" in environment(OUR_SERVICES["worker"])


def test_the_web_service_holds_no_batch_credentials():
    assert "BATCH_DATABASE_URL" not in environment(OUR_SERVICES["web"])
    assert "DATABASE_URL" in environment(OUR_SERVICES["web"])


# -- migrating as the batch role ---------------------------------------------------------------


@pytest.fixture
def scratch_database(db, settings):
    """A new, empty database owned by the batch role (the test process's login on Postgres),
    and its URLs as the app role and as the batch role."""

    params = settings.DATABASES["default"]
    name = f"{params['NAME']}_migrate"
    where = f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"
    admin = psycopg2.connect(
        dbname="postgres",
        user=params["USER"],
        password=params["PASSWORD"],
        host=params["HOST"] or None,
        port=params["PORT"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield {
        "app": f"postgres://{APP_LOGIN['user']}:{APP_LOGIN['password']}@{where}",
        "batch": f"postgres://{params['USER']}:{params['PASSWORD']}@{where}",
    }
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="roles exist on Postgres only")
def test_migrating_as_the_batch_role_builds_a_database_the_app_role_can_use(scratch_database):

    result = run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--database", "batch"],
        DATABASE_URL=scratch_database["app"],
        BATCH_DATABASE_URL=scratch_database["batch"],
    )
    assert result.returncode == 0, result.stderr

    app = psycopg2.connect(**_params(scratch_database["app"]))
    with app, app.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM programs_exercise WHERE organization_id IS NULL")
        assert cursor.fetchone()[0] > 100  # the shared library, loaded by the migration
        cursor.execute("SELECT count(*) FROM coaching_client")  # no scope: nothing, no error
        assert cursor.fetchone() == (0,)
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
            " AND tableowner = current_user"
        )
        assert cursor.fetchone() == (0,)  # the app role owns nothing
    app.close()


def _params(url: str) -> dict:
    parsed = database_from_url(url, ROOT)
    return {
        "dbname": parsed["NAME"],
        "user": parsed["USER"],
        "password": parsed["PASSWORD"],
        "host": parsed["HOST"] or None,
        "port": parsed["PORT"] or None,
    }
