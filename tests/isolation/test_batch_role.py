"""The second wall holds against the app itself: no setting the app's role may change turns
row-level security off, it cannot become the batch role, and it owns nothing it could unprotect.
System work runs as the batch role, which sees every organization and still names them.

In the tests the test process logs in as the batch role and requests run as the app role
(tests/conftest.py); ``as_app_role`` switches the test's own queries to the app role.
"""

import re
from datetime import UTC, date, datetime

import psycopg2
import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import F

from coaching.batch import batch_session
from coaching.models import Membership
from coaching.tenancy import POLICY_SETTINGS, tenant_scope
from tests.factories import ClientFactory, build_history
from triage.models import AdherenceScore
from triage.nightly import score_organizations

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles and row-level security exist on Postgres only"
)
with_a_batch_alias = pytest.mark.skipif(
    "batch" not in django_settings.DATABASES, reason="BATCH_DATABASE_URL is not set"
)


def organizations_seen(table: str) -> set[int]:
    """The organizations whose rows a query without any filter sees (none if it is refused)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT organization_id FROM {table}")
            return {row[0] for row in cursor.fetchall()}
    except DatabaseError:
        return set()


def refused(statement: str, *params) -> bool:
    """Whether the database refuses the statement (its error undone with a savepoint)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except DatabaseError:
        return True
    return False


@postgres_only
def test_the_app_role_cannot_become_the_batch_role(settings, app_role_connection):
    role = connection.ops.quote_name(settings.BATCH_DATABASE_ROLE)
    with app_role_connection.cursor() as cursor:
        cursor.execute("SELECT session_user")
        assert cursor.fetchone() == (settings.APP_DATABASE_ROLE,)
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cursor.execute(f"SET ROLE {role}")


@postgres_only
def test_the_app_role_is_not_a_member_of_the_batch_role(settings):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(%s, %s, 'MEMBER')",
            [settings.APP_DATABASE_ROLE, settings.BATCH_DATABASE_ROLE],
        )
        assert cursor.fetchone() == (False,)


@postgres_only
@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE coaching_client NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE coaching_client DISABLE ROW LEVEL SECURITY",
        "DROP POLICY spotter_tenant_isolation ON coaching_client",
        "CREATE POLICY everything ON coaching_client USING (true)",
    ],
)
def test_the_app_role_cannot_switch_row_level_security_off(statement, as_app_role):
    assert refused(statement)


@postgres_only
@pytest.mark.parametrize(
    ("setting", "value"), [("app.rls_bypass", "on"), ("app.bypass", "on"), ("row_security", "off")]
)
def test_no_setting_the_app_role_may_change_shows_another_organization(
    org, other_org, setting, value, request
):
    ClientFactory(organization=org)
    ClientFactory(organization=other_org)
    request.getfixturevalue("as_app_role")

    with tenant_scope(org):
        refused("SELECT set_config(%s, %s, true)", setting, value)  # allowed or not
        assert organizations_seen("coaching_client") <= {org.pk}


@postgres_only
def test_every_policy_of_the_app_role_reads_only_the_scope_settings(settings):
    """A policy the app's role is subject to may depend on which organization (user, invitation,
    subscription) is in scope, and on nothing else: no clause that is simply true, no other
    setting a role could set to lift it."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT tablename, policyname, coalesce(qual, ''), coalesce(with_check, '')
            FROM pg_policies
            WHERE schemaname = current_schema()
              AND ('public' = ANY(roles) OR %s = ANY(roles))""",
            [settings.APP_DATABASE_ROLE],
        )
        policies = cursor.fetchall()
    assert policies
    for table, name, using, check in policies:
        for clause in (using, check):
            read = set(re.findall(r"current_setting\('([^']+)'", clause))
            assert read and read <= set(POLICY_SETTINGS), (table, name, clause)
            assert "true" not in re.sub(r"current_setting\([^)]*\)", "", clause), (table, clause)


@postgres_only
def test_the_batch_role_is_neither_superuser_nor_allowed_to_bypass_rls(settings):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s",
            [settings.BATCH_DATABASE_ROLE],
        )
        assert cursor.fetchone() == (False, False)


@postgres_only
def test_the_batch_role_reads_and_writes_every_organizations_rows_without_any_setting(
    org, other_org, coach, settings
):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (settings.BATCH_DATABASE_ROLE,)
    ClientFactory(organization=org)
    ClientFactory(organization=other_org)

    Membership.unscoped.create(organization=other_org, user=coach, role="client")

    assert organizations_seen("coaching_client") == {org.pk, other_org.pk}
    assert organizations_seen("coaching_membership") == {org.pk, other_org.pk}


def test_a_night_on_the_batch_connection_writes_every_row_with_its_clients_organization(
    org, other_org
):
    day = date(2026, 11, 20)
    for organization in (org, other_org, org):
        client = ClientFactory(
            organization=organization, created_at=datetime(2026, 1, 1, tzinfo=UTC)
        )
        build_history(client, days=42, today=day, completed=lambda d: d.day % 3 == 0)

    with batch_session():
        score_organizations([org, other_org], day)

    mismatched = {
        model.__name__: model.unscoped.exclude(organization_id=F("client__organization_id")).count()
        for model in tenant_models_with_a_client()
    }
    assert set(mismatched.values()) == {0}, mismatched
    assert AdherenceScore.unscoped.count() == 3


def tenant_models_with_a_client() -> list:

    return [
        model
        for model in apps.get_models()
        if {"organization", "client"} <= {f.name for f in model._meta.concrete_fields}
    ]


@postgres_only
@with_a_batch_alias
@pytest.mark.django_db(transaction=True, databases=["default", "batch"])
def test_a_batch_session_runs_code_written_for_the_default_connection_on_the_batch_one(settings):
    settings.BATCH_DATABASE_ALIAS = "batch"
    default = connections["default"]

    with batch_session() as batch:
        assert connection.alias == batch.alias == "batch"
        with transaction.atomic():
            assert batch.in_atomic_block and not default.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("SELECT session_user")
            assert cursor.fetchone() == (settings.BATCH_DATABASE_ROLE,)

    assert connection.alias == "default"


@postgres_only
@with_a_batch_alias
@pytest.mark.django_db(transaction=True, databases=["default", "batch"])
def test_a_batch_session_refuses_to_start_inside_a_request_s_transaction(settings):
    settings.BATCH_DATABASE_ALIAS = "batch"

    with transaction.atomic(), pytest.raises(RuntimeError, match="on_commit"), batch_session():
        pass
