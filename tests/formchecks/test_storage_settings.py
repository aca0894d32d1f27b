"""Where form checks are stored, from the environment (boto3 is not needed to read it)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from coaching.env import form_check_storage


def test_local_files_by_default_live_under_the_root_and_have_no_public_url():
    storage = form_check_storage("local", "/data/form-checks")

    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storage["OPTIONS"]["location"] == "/data/form-checks"
    assert "media" not in storage["OPTIONS"]["base_url"]


def test_s3_reads_the_bucket_and_keeps_objects_private(monkeypatch):
    monkeypatch.setenv("FORM_CHECK_S3_BUCKET", "spotter-checks")
    monkeypatch.setenv("FORM_CHECK_S3_ENDPOINT_URL", "https://s3.eu-central-1.example.com")
    monkeypatch.setenv("FORM_CHECK_S3_ACCESS_KEY_ID", "AKIA…")
    monkeypatch.delenv("FORM_CHECK_S3_REGION", raising=False)

    storage = form_check_storage("s3", "/unused")

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "spotter-checks"
    assert options["endpoint_url"] == "https://s3.eu-central-1.example.com"
    assert options["region_name"] is None
    assert options["default_acl"] == "private"
    assert options["file_overwrite"] is False


def test_s3_without_a_bucket_stops_start_up(monkeypatch):
    monkeypatch.delenv("FORM_CHECK_S3_BUCKET", raising=False)

    with pytest.raises(ImproperlyConfigured, match="FORM_CHECK_S3_BUCKET"):
        form_check_storage("s3", "/unused")


def test_an_unknown_storage_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="local or s3"):
        form_check_storage("ftp", "/unused")
