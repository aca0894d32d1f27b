#!/bin/sh
# Runs once, when the Postgres volume is first created: Spotter's two roles and its database
# (what `manage.py create_app_role` makes elsewhere).
# - spotter: the app role requests connect as (DATABASE_URL). No superuser, no BYPASSRLS, owns
#   nothing: row-level security holds it to the organization in scope.
# - spotter_batch: the batch role system work connects as (BATCH_DATABASE_URL). Its own policy
#   shows it every organization; it owns the database and runs the migrations. It may act as the
#   app role; the app role is not a member of it, so no request can become it.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<SQL
CREATE ROLE spotter LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${SPOTTER_DB_PASSWORD:-spotter}';
CREATE ROLE spotter_batch LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${SPOTTER_BATCH_DB_PASSWORD:-spotter_batch}';
GRANT spotter TO spotter_batch;
CREATE DATABASE spotter OWNER spotter_batch;
SQL
