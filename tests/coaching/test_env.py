import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from coaching.env import database_from_url, env_bool, env_int, env_list, env_str


@pytest.mark.parametrize("raw", ["1", "true", "True", "yes", "on"])
def test_env_bool_reads_true_words(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG") is True


@pytest.mark.parametrize("raw", ["0", "false", "no", "off", ""])
def test_env_bool_reads_false_words(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", default=True) is False


def test_env_bool_refuses_a_word_that_is_neither(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")


def test_env_int_refuses_a_non_number(monkeypatch):
    monkeypatch.setenv("N", "ten")
    with pytest.raises(ImproperlyConfigured, match="N must be a whole number"):
        env_int("N", 1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.test, b.test,,")
    assert env_list("HOSTS", []) == ["a.test", "b.test"]


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t\n")
    monkeypatch.delenv("TOKEN", raising=False)
    monkeypatch.setenv("TOKEN_FILE", str(secret))
    assert env_str("TOKEN") == "s3cr3t"


def test_an_unreadable_secret_file_fails_loudly(monkeypatch, tmp_path):
    monkeypatch.delenv("TOKEN", raising=False)
    monkeypatch.setenv("TOKEN_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="TOKEN_FILE"):
        env_str("TOKEN")


def test_database_url_reads_postgres():
    db = database_from_url("postgres://app:p%40ss@db.internal:6543/spotter", Path("/srv"))
    assert (db["ENGINE"], db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql",
        "spotter",
        "app",
        "p@ss",
        "db.internal",
        "6543",
    )


def test_database_url_reads_a_postgres_unix_socket():
    db = database_from_url("postgres://%2Fvar%2Frun%2Fpostgresql/spotter", Path("/srv"))
    assert db["HOST"] == "/var/run/postgresql"


def test_database_url_reads_relative_and_absolute_sqlite_paths():
    assert database_from_url("sqlite:///db.sqlite3", Path("/srv"))["NAME"] == "/srv/db.sqlite3"
    assert database_from_url("sqlite:////tmp/x.sqlite3", Path("/srv"))["NAME"] == "/tmp/x.sqlite3"


def test_database_url_refuses_an_unknown_scheme():
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        database_from_url("mysql://x/y", Path("/srv"))


def test_deploy_check_is_clean_with_production_like_values():

    # The browser suite sets DJANGO_ALLOW_ASYNC_UNSAFE for itself; a deployment must not.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "SECRET_KEY": "k" * 20 + "-production-like-secret-" + "x9" * 20,
        "DJANGO_DEBUG": "false",
        "ALLOWED_HOSTS": "spotter.example.com",
        "SECURE_SSL_REDIRECT": "true",
        "SESSION_COOKIE_SECURE": "true",
        "CSRF_COOKIE_SECURE": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "SECURE_HSTS_PRELOAD": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )

    assert result.returncode == 0, result.stdout + result.stderr
