"""Reading settings from the environment, loudly.

A value that is present but malformed raises ``ImproperlyConfigured`` at start-up instead of
quietly falling back to a default. Secrets may also be given as a path in ``<NAME>_FILE``.
"""

import os
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    """The variable's value, or the contents of the file named by ``<name>_FILE``, or default."""
    if name in os.environ:
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE points at {path!r}, which cannot be read: {exc}"
            ) from exc
    return default


def env_bool(name: str, default: bool = False) -> bool:
    raw = env_str(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# SQLite under concurrent requests (gunicorn's workers and threads, runserver's threads): every
# transaction takes the write lock when it begins (IMMEDIATE), so none has to upgrade a read lock
# half way, which SQLite refuses at once ("database is locked") whatever the timeout; a busy
# writer is waited for up to SQLITE_TIMEOUT_SECONDS; WAL lets readers go on beside the writer.
SQLITE_TIMEOUT_SECONDS = 20
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": SQLITE_TIMEOUT_SECONDS,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


SUPPORTED_ENGINES = {
    "django.db.backends.postgresql": "postgres",
    "django.db.backends.sqlite3": "sqlite",
}


def database_from_url(url: str, base_dir: Path) -> dict:
    """Django's DATABASES entry for ``postgres://user:pass@host:port/name`` or ``sqlite:///path``.

    dj-database-url reads the URL (a Unix socket host may be given percent-encoded:
    ``postgres://%2Fvar%2Frun%2Fpostgresql/db``); Spotter adds its own rules on top: Postgres
    connections are kept for a minute and health-checked, a relative SQLite path is relative to
    ``base_dir`` (``sqlite:///`` alone is ``db.sqlite3`` there), SQLite gets SQLITE_OPTIONS, and
    any other engine, or a Postgres URL without a database name, stops start-up.
    """
    try:
        parsed = dj_database_url.parse(url)
    except ValueError as exc:  # an unknown scheme
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {urlparse(url).scheme!r} is not supported (postgres, sqlite)"
        ) from exc
    engine = parsed["ENGINE"]
    if engine not in SUPPORTED_ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {urlparse(url).scheme!r} is not supported (postgres, sqlite)"
        )
    if SUPPORTED_ENGINES[engine] == "postgres":
        if not parsed["NAME"]:
            raise ImproperlyConfigured(f"DATABASE_URL names no database: {url!r}")
        return {
            "ENGINE": engine,
            "NAME": parsed["NAME"],
            "USER": parsed["USER"] or "",
            "PASSWORD": parsed["PASSWORD"] or "",
            "HOST": parsed["HOST"] or "",
            "PORT": str(parsed["PORT"] or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    name = parsed["NAME"]
    path = base_dir / "db.sqlite3" if name in ("", ":memory:") else base_dir / name
    return {"ENGINE": engine, "NAME": str(path), "OPTIONS": dict(SQLITE_OPTIONS)}


# The batch role `manage.py create_app_role` makes beside an app role, unless told otherwise.
BATCH_ROLE_SUFFIX = "_batch"


def default_batch_url(app_url: str) -> str:
    """The batch role's URL beside an app role's, as ``create_app_role`` makes it by default:
    the same database, role ``<role>_batch`` with the same password (for development)."""
    parsed = urlparse(app_url)
    user = quote(unquote(parsed.username or "") + BATCH_ROLE_SUFFIX, safe="")
    password = f":{parsed.password}" if parsed.password is not None else ""
    host = parsed.hostname or ""
    port = f":{parsed.port}" if parsed.port else ""
    return parsed._replace(netloc=f"{user}{password}@{host}{port}").geturl()


def batch_database_from_url(url: str, default: dict, base_dir: Path) -> dict:
    """The ``batch`` alias for ``BATCH_DATABASE_URL``: the default database, as another role."""
    batch = database_from_url(url, base_dir)
    where = ("ENGINE", "NAME", "HOST", "PORT")
    if [batch.get(k) for k in where] != [default.get(k) for k in where]:
        raise ImproperlyConfigured(
            "BATCH_DATABASE_URL must name the same database as DATABASE_URL (host, port and "
            f"name); only the role differs: {url!r}"
        )
    if batch["ENGINE"].endswith("postgresql") and batch["USER"] == default["USER"]:
        raise ImproperlyConfigured(
            "BATCH_DATABASE_URL logs in as the app's own role; the batch role must be another, "
            "or the app would see every organization (manage.py create_app_role creates both)"
        )
    batch["TEST"] = {"MIRROR": "default"}
    return batch


def form_check_storage(kind: str, root: str) -> dict:
    """The ``STORAGES`` entry of form checks: ``local`` files under ``root`` (never served by a
    public URL), or ``s3``: django-storages' S3 backend (any S3-compatible service) from the
    ``FORM_CHECK_S3_*`` variables, with private objects. Anything else stops start-up."""
    if kind == "local":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": "/form-checks-are-not-public/"},
        }
    if kind == "s3":
        if not env_str("FORM_CHECK_S3_BUCKET"):
            raise ImproperlyConfigured("FORM_CHECK_STORAGE=s3 needs FORM_CHECK_S3_BUCKET.")
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env_str("FORM_CHECK_S3_BUCKET"),
                "endpoint_url": env_str("FORM_CHECK_S3_ENDPOINT_URL") or None,
                "region_name": env_str("FORM_CHECK_S3_REGION") or None,
                "access_key": env_str("FORM_CHECK_S3_ACCESS_KEY_ID") or None,
                "secret_key": env_str("FORM_CHECK_S3_SECRET_ACCESS_KEY") or None,
                "location": env_str("FORM_CHECK_S3_PREFIX", "form-checks"),
                # Private objects: nothing in the bucket is readable without the app's keys.
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
    raise ImproperlyConfigured(f"FORM_CHECK_STORAGE must be local or s3, not {kind!r}.")
