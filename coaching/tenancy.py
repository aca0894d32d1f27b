"""The tenant boundary.

Two walls keep one coaching business from seeing another's data:

1. The ORM: tenant models expose ``objects``, a manager that filters by the organization of the
   current scope and raises ``TenantScopeError`` when no scope is set (it fails closed). Code
   that really must read across tenants uses the model's ``unscoped`` manager, a name a reviewer
   notices.
2. Postgres row-level security: every table with an ``organization_id`` column has a policy on
   ``current_setting('app.current_organization')``, set with ``set_config(..., is_local=true)``
   inside the request's (or task's) transaction. A query that forgot its filter still sees one
   tenant. Superusers bypass RLS, so the app connects as an ordinary role
   (``manage.py create_app_role``).

``tenant_scope(org)`` sets both for the duration of a block and restores what was there before.

No setting the app's role may change turns row-level security off: the settings only choose
which organization (or the user's own memberships, or one invitation or subscription by its
secret) a transaction sees. Work across organizations runs as a second role, the batch role,
whose own policy shows it every row (``coaching.batch``); the app's role is not a member of it.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from psycopg2.extensions import TRANSACTION_STATUS_INERROR

_current_organization: contextvars.ContextVar = contextvars.ContextVar(
    "spotter_current_organization", default=None
)

ORG_SETTING = "app.current_organization"
USER_SETTING = "app.current_user"
INVITATION_SETTING = "app.invitation_token"
STRIPE_SUBSCRIPTION_SETTING = "app.stripe_subscription"
# Every setting a policy of the app's role reads (the isolation tests hold the policies to these).
POLICY_SETTINGS = (ORG_SETTING, USER_SETTING, INVITATION_SETTING, STRIPE_SUBSCRIPTION_SETTING)


class TenantScopeError(RuntimeError):
    """A tenant model was queried through ``objects`` with no organization in scope."""


def current_organization():
    """The organization of the current scope, or None."""
    return _current_organization.get()


def _uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _swap_settings(values: dict[str, str]) -> list[str]:
    """Set ``values`` and return the settings they replace, in one round trip (the request path
    opens a scope on every request). The subquery reads the old values before the outer
    SELECT writes the new ones: ``OFFSET 0`` keeps the planner from merging the two, so the
    inner row is produced, with its reads, before the outer list is evaluated."""
    names = list(values)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT previous.*, "
            + ", ".join(["set_config(%s, %s, true)"] * len(values))
            + " FROM (SELECT "
            + ", ".join(["current_setting(%s, true)"] * len(names))
            + " OFFSET 0) AS previous",
            [part for item in values.items() for part in item] + names,
        )
        return [value or "" for value in cursor.fetchone()[: len(names)]]


def _write_settings(values: dict[str, str]) -> None:
    # is_local=true: the value lasts until the end of the surrounding transaction at most.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(values)),
            [part for item in values.items() for part in item],
        )


@contextlib.contextmanager
def _database_settings(values: dict[str, str]) -> Iterator[None]:
    if not _uses_postgres():
        yield
        return
    if not connection.in_atomic_block:
        raise TenantScopeError(
            "A tenant scope needs a transaction on Postgres: wrap the work in transaction.atomic()"
        )
    names = list(values)
    previous = dict(zip(names, _swap_settings(values), strict=True))
    try:
        yield
    finally:
        # After a database error the transaction can only be rolled back, which takes these
        # settings with it; writing them back would raise over the error that got us here.
        if connection.in_atomic_block and not connection.needs_rollback and not _aborted():
            _write_settings(previous)


def _aborted() -> bool:
    """Whether the connection's transaction failed (Postgres refuses every statement until the
    transaction, or a savepoint, is rolled back)."""

    raw = connection.connection
    return raw is not None and raw.info.transaction_status == TRANSACTION_STATUS_INERROR


@contextlib.contextmanager
def tenant_scope(organization, user=None) -> Iterator[None]:
    """Run the block as inside ``organization``: the ORM and row-level security see only it."""
    token = _current_organization.set(organization)
    try:
        with _database_settings(
            {
                ORG_SETTING: str(organization.pk),
                USER_SETTING: str(user.pk) if user is not None and user.pk else "",
            }
        ):
            yield
    finally:
        _current_organization.reset(token)


@contextlib.contextmanager
def user_scope(user) -> Iterator[None]:
    """Let row-level security show a signed-in user their own memberships in every organization.

    Used before any organization is chosen (the organization list, the switcher, the landing page).
    """
    with _database_settings({USER_SETTING: str(user.pk)}):
        yield


@contextlib.contextmanager
def invitation_scope(token: str) -> Iterator[None]:
    """Let row-level security show the one invitation whose token the visitor holds."""
    with _database_settings({INVITATION_SETTING: token}):
        yield


@contextlib.contextmanager
def stripe_subscription_scope(stripe_subscription_id: str) -> Iterator[None]:
    """Let row-level security show the one subscription a verified Stripe event names by its
    Stripe id (events carry no organization)."""
    with _database_settings({STRIPE_SUBSCRIPTION_SETTING: stripe_subscription_id}):
        yield


class TenantQuerySet(models.QuerySet):
    pass


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    """Rows of the organization in scope only; raises when there is none (fails closed)."""

    def get_queryset(self):
        organization = current_organization()
        if organization is None:
            raise TenantScopeError(
                f"{self.model.__name__}.objects used outside a tenant scope; "
                "use tenant_scope(org) or, for system work, the unscoped manager"
            )
        return super().get_queryset().filter(organization_id=organization.pk)


class TenantModel(models.Model):
    """A row owned by one organization. ``unscoped`` is the default manager Django uses
    internally (admin, relations, factories); application code reads through ``objects``."""

    organization = models.ForeignKey("coaching.Organization", on_delete=models.CASCADE)

    unscoped = models.Manager()
    objects = TenantManager()

    class Meta:
        abstract = True
        default_manager_name = "unscoped"
        base_manager_name = "unscoped"


# Row-level security ---------------------------------------------------------------------------

POLICY_NAME = "spotter_tenant_isolation"
BATCH_POLICY_NAME = "spotter_batch_access"

# Extra rows a table shows outside its organization, OR-ed into its policy.
EXTRA_VISIBILITY = {
    # A signed-in user lists their own memberships across organizations.
    "coaching_membership": f"user_id = NULLIF(current_setting('{USER_SETTING}', true), '')::bigint",
    # Someone holding an invitation's token may read that invitation, and only it.
    "coaching_invitation": f"token = NULLIF(current_setting('{INVITATION_SETTING}', true), '')",
    # A verified Stripe event may find the one subscription it names by Stripe's id.
    "billing_subscription": (
        f"stripe_subscription_id = NULLIF(current_setting('{STRIPE_SUBSCRIPTION_SETTING}', true), '')"
    ),
}


def tenant_policy_sql(table: str, nullable: bool, batch_role: str = "") -> list[str]:
    """The statements that enable, force and define the policies on one table.

    The isolation policy applies to every role (the app's included) and holds it to the
    organization in scope. A nullable ``organization_id`` means a shared row (the global exercise
    library) that every tenant may read: NULL rows are visible to all. The batch role, when there
    is one, has a second policy that shows it every row.
    """
    conditions = [f"organization_id = NULLIF(current_setting('{ORG_SETTING}', true), '')::bigint"]
    if nullable:
        conditions.append("organization_id IS NULL")
    if table in EXTRA_VISIBILITY:
        conditions.append(EXTRA_VISIBILITY[table])
    predicate = " OR ".join(f"({c})" for c in conditions)
    quoted = connection.ops.quote_name(table)
    statements = [
        f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY_NAME} ON {quoted}",
        f"CREATE POLICY {POLICY_NAME} ON {quoted} USING ({predicate}) WITH CHECK ({predicate})",
        f"DROP POLICY IF EXISTS {BATCH_POLICY_NAME} ON {quoted}",
    ]
    if batch_role:
        statements.append(
            f"CREATE POLICY {BATCH_POLICY_NAME} ON {quoted} TO {connection.ops.quote_name(batch_role)} "
            "USING (true) WITH CHECK (true)"
        )
    return statements


def tenant_tables(using_connection=None) -> list[tuple[str, bool]]:
    """Every table in the current schema with an ``organization_id`` column, and its nullability."""
    conn = using_connection or connection
    with conn.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.is_nullable = 'YES'
            FROM information_schema.columns c
            JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND c.column_name = 'organization_id'
              AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name
            """
        )
        return [(name, bool(nullable)) for name, nullable in cursor.fetchall()]


def database_roles() -> tuple[str, str]:
    """The app's role and the batch role (empty when there is none), from the settings.

    A batch role that is the app's own would give the app its policy: refused."""

    app, batch = settings.APP_DATABASE_ROLE, settings.BATCH_DATABASE_ROLE
    if batch and batch == app:
        raise ImproperlyConfigured(
            "BATCH_DATABASE_URL logs in as the app's own role; the batch role must be another "
            "(manage.py create_app_role creates both)"
        )
    return app, batch


def apply_row_level_security(using_connection=None) -> list[str]:
    """Enable, force and (re)define the policies on every tenant table, and let the app's role
    and the batch role read and write every table (their policies decide which rows). Idempotent;
    runs after every migrate, as the role that migrates (the tables' owner)."""
    conn = using_connection or connection
    if conn.vendor != "postgresql":
        return []
    app_role, batch_role = database_roles()
    tables = tenant_tables(conn)
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT rolname, rolname = current_user FROM pg_roles WHERE rolname = ANY(%s)",
            [[role for role in (app_role, batch_role) if role]],
        )
        existing = dict(cursor.fetchall())  # role -> is the one migrating (the owner)
        batch_role = batch_role if batch_role in existing else ""
        for table, nullable in tables:
            for statement in tenant_policy_sql(table, nullable, batch_role):
                cursor.execute(statement)
        cursor.execute("SELECT current_schema()")
        schema = conn.ops.quote_name(cursor.fetchone()[0])
        for role in sorted(role for role, is_owner in existing.items() if not is_owner):
            quoted = conn.ops.quote_name(role)
            cursor.execute(
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {quoted}"
            )
            cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {quoted}")
    return [table for table, _ in tables]
