"""The exports stream: the zip leaves as it is written, in its own transaction and tenant scope,
which end with the download and never show outside it."""

import io
import zipfile

import pytest
from django.db import connection
from django.utils import timezone

from coaching.tenancy import ORG_SETTING, current_organization, tenant_scope
from reporting import export
from tests.factories import ClientFactory, ExerciseFactory, build_history

pytestmark = pytest.mark.django_db


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def database_setting() -> str | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [ORG_SETTING])
        return cursor.fetchone()[0] or ""


@pytest.fixture
def history(org, other_org):
    today = timezone.localdate()
    squat = ExerciseFactory(key="back-squat", name="Back Squat")
    clients = [ClientFactory(organization=org) for _ in range(3)]
    for client in [*clients, ClientFactory(organization=other_org)]:
        build_history(client, days=14, today=today, exercise=squat)
    return clients


@pytest.mark.parametrize("kind", [export.FULL, export.DEIDENTIFIED, export.CLIENT])
def test_the_streamed_zip_unpacks_to_the_same_files_byte_for_byte_as_the_built_one(
    org, history, kind
):
    client_id = history[0].pk if kind == export.CLIENT else None
    now = timezone.now()
    with tenant_scope(org):
        built = export.build_export(org, kind=kind, client_id=client_id, now=now)
        streamed = export.stream_export(org, kind=kind, client_id=client_id, now=now)
    data = b"".join(streamed.chunks)

    assert entries(data) == entries(built.file.read())
    assert streamed.filename == built.filename


def test_the_first_bytes_leave_before_any_row_is_read(org, history, monkeypatch):
    read = []
    rows = export._rows

    def watched(table, client_id):
        for row in rows(table, client_id):
            read.append(table.name)
            yield row

    monkeypatch.setattr(export, "_rows", watched)
    with tenant_scope(org):
        streamed = export.stream_export(org)

    first = next(streamed.chunks)

    assert first.startswith(b"PK\x03\x04")  # the first file's header
    assert read == []
    b"".join(streamed.chunks)
    assert "clients" in read


def test_the_scope_never_shows_between_chunks_and_is_gone_after_the_last(org, history):
    with tenant_scope(org):
        streamed = export.stream_export(org)
    setting_before, blocks_before = database_setting(), len(connection.atomic_blocks)

    first = next(streamed.chunks)
    assert current_organization() is None
    data = first + b"".join(streamed.chunks)

    assert current_organization() is None
    assert database_setting() == setting_before
    assert len(connection.atomic_blocks) == blocks_before
    assert len(entries(data)) == 2 * len(export.core.TABLES) + 1


def test_a_download_closed_early_closes_its_transaction_and_scope(org, history):
    with tenant_scope(org):
        streamed = export.stream_export(org)
    setting_before, blocks_before = database_setting(), len(connection.atomic_blocks)
    next(streamed.chunks)
    next(streamed.chunks)

    streamed.chunks.close()

    assert current_organization() is None
    assert database_setting() == setting_before
    assert len(connection.atomic_blocks) == blocks_before


def test_the_stream_holds_only_its_organizations_rows_whatever_scope_its_caller_is_in(
    org, other_org, history
):
    with tenant_scope(org):
        streamed = export.stream_export(org)

    with tenant_scope(other_org):
        data = b"".join(streamed.chunks)
        assert current_organization() == other_org

    clients = entries(data)["clients.csv"].decode().splitlines()
    assert len(clients) == 1 + len(history)
