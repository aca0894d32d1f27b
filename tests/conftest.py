"""Shared fixtures: three standing people per organization, and an outsider.

On Postgres the test's own connection may write any tenant's rows (``app.rls_bypass`` is set
for it when it connects), so factories can build the world; every request still runs inside
its tenant scope, which switches the bypass off, so views are tested with RLS enforced.
Browser tests' live server runs in other threads, whose connections never get the bypass.
"""

import threading

import pytest
from django.db.backends.signals import connection_created
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coaching.models import Role
from tests.factories import ClientFactory, MembershipFactory, OrganizationFactory

_MAIN_THREAD = threading.main_thread()


def _bypass_rls_for_test_setup(sender, connection, **kwargs):
    if connection.vendor == "postgresql" and threading.current_thread() is _MAIN_THREAD:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('app.rls_bypass', 'on', false)")


connection_created.connect(_bypass_rls_for_test_setup, dispatch_uid="tests_rls_bypass")


@pytest.fixture(autouse=True)
def tasks_run_in_process():
    """Tests run tasks in-process even when REDIS_URL is set (CI); the worker test uses Redis."""
    from coaching.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Rate counts (registration, password reset) live in the cache: none carry over between
    tests. Failed sign-ins live in the database and go with each test's transaction."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
