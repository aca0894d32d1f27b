#!/bin/sh
# Runs once, when the Postgres volume is first created: the app's ordinary role and database.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<SQL
CREATE ROLE spotter LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB PASSWORD '${SPOTTER_DB_PASSWORD:-spotter}';
CREATE DATABASE spotter OWNER spotter;
SQL
