"""Create the ordinary Postgres role the app connects as, and its database.

Row-level security does not apply to superusers or to roles with BYPASSRLS, so Spotter must
connect as a role that has neither. Run this once with an administrator's connection:

    python manage.py create_app_role --admin-url postgres:///postgres \\
        --role spotter --password spotter --database spotter

It is idempotent: an existing role is altered to the safe attributes, an existing database kept.
"""

import psycopg2
from django.core.management.base import BaseCommand, CommandError
from psycopg2 import sql

from coaching.env import database_from_url


class Command(BaseCommand):
    help = (
        "Create the non-superuser Postgres role (NOBYPASSRLS, CREATEDB) and database for Spotter."
    )

    def add_arguments(self, parser):
        parser.add_argument("--admin-url", required=True, help="A superuser connection URL.")
        parser.add_argument("--role", default="spotter")
        parser.add_argument("--password", required=True)
        parser.add_argument("--database", default="spotter")

    def handle(self, *args, admin_url, role, password, database, **options):
        from pathlib import Path

        params = database_from_url(admin_url, Path("."))
        if params["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("--admin-url must be a postgres:// URL")
        connection = psycopg2.connect(
            dbname=params["NAME"],
            user=params["USER"] or None,
            password=params["PASSWORD"] or None,
            host=params["HOST"] or None,
            port=params["PORT"] or None,
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            verb = "ALTER" if cursor.fetchone() else "CREATE"
            cursor.execute(
                sql.SQL("{} ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB PASSWORD {}").format(
                    sql.SQL(verb), sql.Identifier(role), sql.Literal(password)
                )
            )
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
            if not cursor.fetchone():
                cursor.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {}").format(
                        sql.Identifier(database), sql.Identifier(role)
                    )
                )
        connection.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Role {role} (no superuser, no RLS bypass) and database {database} are ready."
            )
        )
