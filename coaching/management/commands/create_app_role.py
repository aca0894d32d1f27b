"""Create the two Postgres roles Spotter connects as, and its database.

- The **app role** (``--role``): what requests connect as (``DATABASE_URL``). No superuser, no
  BYPASSRLS, no CREATEDB; it owns nothing, so it cannot alter the tables or their row-level
  security, and its policies hold it to the organization in scope.
- The **batch role** (``--batch-role``, default ``<role>_batch``): what system work connects as
  (``BATCH_DATABASE_URL``). No superuser, no BYPASSRLS: its own policy shows it every
  organization's rows. It owns the database and runs the migrations (``migrate --database batch``);
  CREATEDB lets the test suite create its test database as it. It is a member of the app role
  (the tests run their requests as the app role with ``SET ROLE``); the app role is never a
  member of it, so a request cannot ``SET ROLE`` to it.

Run it once with an administrator's connection:

    python manage.py create_app_role --admin-url postgres:///postgres \\
        --role spotter --password … --batch-password … --database spotter

It is idempotent: existing roles are altered to these attributes, an existing database is kept.
A database (and the objects in it) that the app role owned before the batch role existed is handed
to the batch role; run ``manage.py migrate --database batch`` afterwards to renew the policies.
"""

from pathlib import Path

import psycopg2
from django.core.management.base import BaseCommand, CommandError
from psycopg2 import sql

from coaching.env import BATCH_ROLE_SUFFIX, database_from_url

APP_ATTRIBUTES = "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
BATCH_ATTRIBUTES = "LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB NOCREATEROLE"


def _connect(url: str, dbname: str | None = None):
    params = database_from_url(url, Path("."))
    if params["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError("--admin-url must be a postgres:// URL")
    connection = psycopg2.connect(
        dbname=dbname or params["NAME"],
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
    )
    connection.autocommit = True
    return connection


def _ensure_role(cursor, role: str, attributes: str, password: str) -> None:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    verb = "ALTER" if cursor.fetchone() else "CREATE"
    cursor.execute(
        sql.SQL("{} ROLE {} {} PASSWORD {}").format(
            sql.SQL(verb), sql.Identifier(role), sql.SQL(attributes), sql.Literal(password)
        )
    )


class Command(BaseCommand):
    help = "Create Spotter's app role and batch role (no superuser, no BYPASSRLS) and its database."

    def add_arguments(self, parser):
        parser.add_argument("--admin-url", required=True, help="A superuser connection URL.")
        parser.add_argument("--role", default="spotter", help="The app role (DATABASE_URL).")
        parser.add_argument("--password", required=True, help="The app role's password.")
        parser.add_argument(
            "--batch-role", help="The batch role (BATCH_DATABASE_URL); default <role>_batch."
        )
        parser.add_argument(
            "--batch-password",
            help="The batch role's password; default the app role's (for development only).",
        )
        parser.add_argument("--database", default="spotter")

    def handle(self, *args, admin_url, role, password, database, **options):
        batch_role = options["batch_role"] or f"{role}{BATCH_ROLE_SUFFIX}"
        batch_password = options["batch_password"] or password
        if batch_role == role:
            raise CommandError("The batch role must be another role than the app role.")
        app, batch = sql.Identifier(role), sql.Identifier(batch_role)
        admin = _connect(admin_url)
        handed_over = False
        with admin.cursor() as cursor:
            _ensure_role(cursor, role, APP_ATTRIBUTES, password)
            _ensure_role(cursor, batch_role, BATCH_ATTRIBUTES, batch_password)
            # The batch role may act as the app role; never the other way round.
            cursor.execute(sql.SQL("REVOKE {} FROM {}").format(batch, app))
            cursor.execute(sql.SQL("GRANT {} TO {}").format(app, batch))
            cursor.execute(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [database]
            )
            found = cursor.fetchone()
            if found is None:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), batch)
                )
            elif found[0] == role:
                cursor.execute(
                    sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(database), batch)
                )
                handed_over = True
        admin.close()
        if handed_over:
            self._hand_over(admin_url, database, app, batch)
        self.stdout.write(
            self.style.SUCCESS(
                f"App role {role} and batch role {batch_role} (no superuser, no RLS bypass) and "
                f"database {database} (owned by {batch_role}) are ready."
            )
        )
        if handed_over:
            self.stdout.write(
                f"The app role owned {database}: it and its tables now belong to {batch_role}. "
                "Run `manage.py migrate --database batch` to renew the policies."
            )

    def _hand_over(self, admin_url: str, database: str, app, batch) -> None:
        """Give the app role's objects in the database to the batch role, and the app role the
        rights on them that requests need (its policies still decide which rows)."""
        connection = _connect(admin_url, dbname=database)
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("REASSIGN OWNED BY {} TO {}").format(app, batch))
            cursor.execute(
                sql.SQL(
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}"
                ).format(app)
            )
            cursor.execute(
                sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(app)
            )
        connection.close()
