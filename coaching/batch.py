"""The batch connection: system work that spans organizations.

Requests run on the ``default`` connection as the app's Postgres role, which row-level security
holds to one organization (``coaching.tenancy``); no setting that role may change turns that off.
System work (the nightly job and the fan-outs that start it, reminders, snapshots, the weekly
retraining, seeding, the exercise library) runs on its own connection as the **batch role**, whose
policy lets it read and write every organization's rows. The app's role is not a member of the
batch role, so no request can become it (``SET ROLE`` fails).

Where the batch connection comes from (``BATCH_DATABASE_URL``, README "Configuration"):

- set: the ``batch`` alias in ``DATABASES``, the same database logged in as the batch role;
- unset (SQLite, or a Postgres deployment with a single role): the ``default`` connection itself.
  On SQLite there are no roles; on a single-role Postgres, system work sees what the app's role
  sees, which is enough for work done one organization at a time in its ``tenant_scope``.
- in the tests on Postgres, the test process's own connection, which logs in as the batch role
  (tests/conftest.py).

How to use it:

- ``batch_alias()`` / ``batch_connection()``: the alias and its connection, for code written for it:
  ``batch_connection().cursor()`` for SQL, ``Model.unscoped.using(batch_alias())`` and
  ``transaction.atomic(using=batch_alias())`` for the ORM.
- ``with batch_session():`` runs a block, in this thread, with the batch connection standing in for
  the default one, so code written for the default alias (``django.db.connection``,
  ``transaction.atomic()``, managers) runs as the batch role unchanged. The entry points of
  system work (Celery tasks, management commands) wrap themselves in it with ``@runs_as_batch``.

Batch code still names its organizations: it filters its reads by ``organization_id`` and gives
every row it writes the organization it belongs to. The batch role's policy checks neither, so
nothing else will.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


def batch_alias() -> str:
    """The alias of the batch connection (see the module's docstring)."""
    return settings.BATCH_DATABASE_ALIAS


def batch_connection():
    """The batch connection of this thread."""
    return connections[batch_alias()]


@contextlib.contextmanager
def batch_session() -> Iterator:
    """Run the block with the batch connection as this thread's default connection.

    Yields the batch connection. Must start outside any transaction of the default connection:
    what the block writes commits on its own, not with the caller's work.
    """
    alias = batch_alias()
    batch = connections[alias]
    default = connections[DEFAULT_DB_ALIAS]
    if default is batch:  # no batch alias, or already inside a batch session
        yield batch
        return
    if default.in_atomic_block:
        raise RuntimeError(
            "batch_session() started inside a transaction of the default connection; "
            "system work runs on its own (enqueue it with transaction.on_commit)"
        )
    connections[DEFAULT_DB_ALIAS] = batch
    try:
        yield batch
    finally:
        connections[DEFAULT_DB_ALIAS] = default


def crosses_organizations() -> bool:
    """May this thread's default connection read and write several organizations in one
    statement? On SQLite (no row-level security) and on a connection logged in as the batch
    role, yes; on a single-role Postgres (no ``BATCH_DATABASE_URL``) or as the app role, no:
    work there goes one organization at a time, in its ``tenant_scope``."""
    default = connections[DEFAULT_DB_ALIAS]
    if default.vendor != "postgresql":
        return True
    role = getattr(settings, "BATCH_DATABASE_ROLE", "")
    return bool(role) and default.settings_dict.get("USER") == role


def runs_as_batch(function: Callable) -> Callable:
    """Decorate an entry point of system work (a task, a command's ``handle``) to run it in a
    ``batch_session``."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with batch_session():
            return function(*args, **kwargs)

    return wrapper
