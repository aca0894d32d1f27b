"""Shared fixtures: three standing people per organization, and an outsider.

How tests build data without any row-level-security bypass, yet every request runs with it
enforced (Postgres):

- The test process's connection logs in as the **batch role** (``BATCH_DATABASE_URL``, else the
  one ``create_app_role`` makes by default beside ``DATABASE_URL``'s role: ``<role>_batch`` with
  the same password): it creates and migrates the test database (so the batch role owns the tables, as
  in a deployment that migrates with ``--database batch``), and factories and assertions read and
  write every organization's rows through the batch role's policy, inside pytest-django's
  per-test transaction as usual. Batch code under test (the nightly job, seeding) runs on this
  same connection: ``BATCH_DATABASE_ALIAS`` points at it, since rows written on a second
  connection would be invisible to the test's uncommitted transaction.
- Every **request** runs as the **app role**: ``SET ROLE <app role>`` when the request starts
  (the batch role is a member of the app role; the app role is not a member of the batch role),
  ``RESET ROLE`` when it ends. That covers the test client and the live server's threads
  (browser tests), whose connections switch when a request opens them. So a view sees exactly
  what it would see in production: one organization, enforced by the database.
- Between requests the connection holds no tenant setting (tests/coaching/test_request_scope.py).
- ``SET ROLE`` keeps the login (session) role, and a session may ``SET ROLE`` to any role its
  login belongs to: a request in the tests could switch back to the batch role, one in production
  cannot. Tests of what the app role itself may do log in as it (``app_role_connection``).

On SQLite there are no roles: nothing of this applies, and nothing needs setting.
"""

import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.backends.signals import connection_created
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coaching.env import database_from_url, default_batch_url, env_str
from coaching.models import Role
from tests.factories import ClientFactory, MembershipFactory, OrganizationFactory

_in_request = threading.local()
# The app role's own login (DATABASE_URL), for tests that must connect as it: SET ROLE keeps the
# session's login role, and Postgres lets a session SET ROLE to any role its login is a member of.
APP_LOGIN: dict[str, str] = {}


def _on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On Postgres, log the test process in as the batch role and run batch code on its
    connection (see the module's docstring)."""
    if not _on_postgres():
        return
    default = settings.DATABASES["default"]
    batch = settings.DATABASES.get("batch")
    if batch is None:  # the batch role create_app_role makes by default beside the app role
        batch = database_from_url(default_batch_url(env_str("DATABASE_URL")), Path("."))
        settings.BATCH_DATABASE_ROLE = batch["USER"]
    APP_LOGIN.update(user=default["USER"], password=default["PASSWORD"])
    default["USER"], default["PASSWORD"] = batch["USER"], batch["PASSWORD"]
    connection.close()  # a connection opened before this point logged in as the app role
    settings.BATCH_DATABASE_ALIAS = "default"


# On the raw DB-API connection: the switch is the tests' doing, not the code's, so query-count
# assertions do not see it.
def act_as_app_role(conn) -> None:
    with conn.connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {conn.ops.quote_name(settings.APP_DATABASE_ROLE)}")


def act_as_login_role(conn) -> None:
    with conn.connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def _request_started(**kwargs):
    _in_request.active = True
    if _on_postgres() and connection.connection is not None:  # else when the request opens it
        act_as_app_role(connection)


def _request_finished(**kwargs):
    _in_request.active = False
    if _on_postgres() and connection.connection is not None and not _aborted(connection):
        act_as_login_role(connection)


def _connection_created(sender, connection, **kwargs):
    if connection.vendor == "postgresql" and getattr(_in_request, "active", False):
        act_as_app_role(connection)


def _aborted(conn) -> bool:
    from psycopg2.extensions import TRANSACTION_STATUS_INERROR

    return conn.connection.info.transaction_status == TRANSACTION_STATUS_INERROR


request_started.connect(_request_started, dispatch_uid="tests_requests_as_app_role")
request_finished.connect(_request_finished, dispatch_uid="tests_requests_as_app_role")
connection_created.connect(_connection_created, dispatch_uid="tests_requests_as_app_role")


@pytest.fixture
def app_role_connection(db):
    """A connection of its own to the test database, logged in as the app role (Postgres)."""
    import psycopg2

    params = connection.settings_dict
    conn = psycopg2.connect(
        dbname=params["NAME"],
        user=APP_LOGIN["user"],
        password=APP_LOGIN["password"],
        host=params["HOST"] or None,
        port=params["PORT"] or None,
    )
    yield conn
    conn.close()


@pytest.fixture
def as_app_role(db):
    """Run the test's own queries as the app role from here on (Postgres), as a request would."""
    if not _on_postgres():
        yield
        return
    connection.ensure_connection()
    act_as_app_role(connection)
    yield
    if not _aborted(connection):
        act_as_login_role(connection)


@pytest.fixture(autouse=True)
def tasks_run_in_process():
    """Tests run tasks in-process even when REDIS_URL is set (CI); the worker test uses Redis."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session", autouse=True)
def form_check_files(tmp_path_factory):
    """Form-check uploads go to a temporary directory, never the checkout's var/."""
    from django.core.files.storage import storages
    from django.test import override_settings

    alias = settings.FORM_CHECK_STORAGE_ALIAS
    location = tmp_path_factory.mktemp("form-checks")
    backend = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(location), "base_url": "/form-checks-are-not-public/"},
    }
    # Overriding STORAGES resets django.core.files.storage.storages (Django's setting_changed).
    with override_settings(STORAGES={**settings.STORAGES, alias: backend}):
        assert storages[alias].location == str(location)
        yield location


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Rate counts (registration, password reset) live in the cache: none carry over between
    tests. Failed sign-ins live in the database and go with each test's transaction."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """One fast hasher for the whole session, so the worlds that module-scoped fixtures build
    (before any test's ``settings``) hash their passwords fast too."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@contextmanager
def rolled_back_at_the_end(django_db_blocker):
    """Rows built once for a module (or a class) inside a transaction rolled back when the block
    ends, like Django's ``setUpTestData``: each test's own transaction nests inside it as a
    savepoint, so a test sees the shared rows and takes its own changes away with it. Not for
    transactional tests (live server), which commit and flush."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def org(db):
    return OrganizationFactory(name="Northside Strength", slug="northside")


@pytest.fixture
def other_org(db):
    return OrganizationFactory(name="Elsewhere Fitness", slug="elsewhere")


@pytest.fixture
def owner(org):
    return MembershipFactory(organization=org, role=Role.OWNER, user__email="owner@north.test").user


@pytest.fixture
def coach(org):
    return MembershipFactory(organization=org, role=Role.COACH, user__email="coach@north.test").user


@pytest.fixture
def client_record(org, coach):
    return ClientFactory(organization=org, coach=coach, user__email="client@north.test")


@pytest.fixture
def client_user(client_record):
    return client_record.user


@pytest.fixture
def outsider(other_org):
    return MembershipFactory(
        organization=other_org, role=Role.OWNER, user__email="outsider@else.test"
    ).user


def api_client_for(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


@pytest.fixture
def api():
    return api_client_for


@pytest.fixture
def anonymous():
    return APIClient()


# -- After a transactional test ----------------------------------------------------------------
# A transactional test (live server, transaction=True) ends by flushing every table, the
# migrated exercise library included. Run in one process, pytest-django puts those tests last;
# spread over workers (pytest-xdist deals tests as workers free up), a worker can run ordinary
# tests after one, on an empty library. So the library is put back after each one.


def _flushes_tables(item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return (
        "live_server" in names
        or "transactional_db" in names
        or bool(marker and marker.kwargs.get("transaction"))
    )


def _back_to_login_role() -> None:
    """The test process's connection acts as its login role again, and no request is under way.
    A request that ended with its transaction aborted keeps acting as the app role
    (``_request_finished`` cannot reset an aborted connection), and a streamed response the test
    never read to its end never sends ``request_finished`` (the next connection opened would act
    as the app role); in a transactional test nothing rolls that back, so the next tests on the
    same worker would build their data and flush the tables as the app role."""
    _in_request.active = False
    if _on_postgres() and connection.connection is not None and not _aborted(connection):
        act_as_login_role(connection)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _back_to_login_role()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    _back_to_login_role()  # before the fixtures' teardown: a transactional test's flush
    yield
    if nextitem is not None and _flushes_tables(item):  # none: the test database is gone
        from pytest_django.plugin import blocking_manager_key

        from programs.core.exercises import sync_library
        from programs.models import Exercise

        with item.config.stash[blocking_manager_key].unblock():
            if not Exercise.unscoped.filter(organization__isnull=True).exists():
                sync_library(Exercise)


# -- Benchmark figures ---------------------------------------------------------------------------
# A small benchmark run keeps its figures on its test's report (user_properties travel from
# pytest-xdist's workers to the main process with the report); the session's summary prints them.
_BENCHMARK_FIGURES: list[tuple[str, list[str]]] = []


def pytest_runtest_logreport(report):
    if report.when == "call":
        _BENCHMARK_FIGURES.extend(
            value for key, value in report.user_properties if key == "benchmark_figures"
        )


def pytest_terminal_summary(terminalreporter):
    if not _BENCHMARK_FIGURES:
        return
    terminalreporter.section("benchmark figures (small runs)")
    for title, lines in _BENCHMARK_FIGURES:
        terminalreporter.write_line(f"-- {title}")
        for line in lines:
            terminalreporter.write_line(f"   {line}")
