from pathlib import Path

import pytest
from django.core.management import call_command

from programs.models import Exercise, SetLog, WorkoutLog

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def upload(api, org, coach, client_record, name, fmt):
    with (FIXTURES / name).open("rb") as handle:
        return api(coach).post(
            f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/imports/",
            {"file": handle, "format": fmt},
            format="multipart",
        )


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("strong_comma.csv", "strong"),
        ("strong_semicolon_weight_unit.csv", "strong"),
        ("strong_no_weight_unit.csv", "strong"),
        ("hevy_kg.csv", "hevy"),
        ("hevy_lbs.csv", "hevy"),
    ],
)
def test_every_export_variant_imports_its_sessions_and_sets(
    api, org, coach, client_record, name, fmt
):
    response = upload(api, org, coach, client_record, name, fmt)

    assert response.status_code == 201
    body = response.json()
    assert body["created_logs"] > 0 and body["created_sets"] > 0
    assert (
        WorkoutLog.unscoped.filter(client=client_record, source=fmt).count() == body["created_logs"]
    )
    assert set(body) == {
        "created_logs",
        "created_sets",
        "skipped_duplicates",
        "unknown_exercises",
        "errors",
    }


def test_re_importing_the_same_file_creates_nothing(api, org, coach, client_record):
    first = upload(api, org, coach, client_record, "strong_comma.csv", "strong").json()

    again = upload(api, org, coach, client_record, "strong_comma.csv", "strong").json()

    assert (again["created_logs"], again["created_sets"]) == (0, 0)
    assert again["skipped_duplicates"] == first["created_logs"]
    assert SetLog.unscoped.count() == first["created_sets"]


def test_lbs_are_converted_to_kg(api, org, coach, client_record):
    upload(api, org, coach, client_record, "hevy_lbs.csv", "hevy")

    assert all(load < 500 for load in SetLog.unscoped.values_list("load_kg", flat=True))


def test_unknown_exercises_become_organization_exercises_and_are_listed(
    api, org, coach, client_record
):
    body = upload(api, org, coach, client_record, "strong_comma.csv", "strong").json()

    for name in body["unknown_exercises"]:
        assert Exercise.unscoped.filter(organization=org, name=name).exists()


def test_a_file_that_is_no_export_is_400_saying_what_was_expected(api, org, coach, client_record):
    response = upload(api, org, coach, client_record, "not_an_export.csv", "strong")

    assert response.status_code == 400
    assert "Expected" in response.json()["file"][0]
    assert not WorkoutLog.unscoped.exists()


def test_a_missing_format_is_400_naming_it(api, org, coach, client_record):
    with (FIXTURES / "strong_comma.csv").open("rb") as handle:
        response = api(coach).post(
            f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/imports/",
            {"file": handle},
            format="multipart",
        )

    assert response.status_code == 400
    assert "format" in response.json()


def test_the_command_imports_a_file(org, client_record, capsys):
    call_command(
        "import_workouts",
        "--org",
        "northside",
        "--client",
        str(client_record.pk),
        "--format",
        "hevy",
        str(FIXTURES / "hevy_kg.csv"),
    )

    assert "sessions and" in capsys.readouterr().out
    assert WorkoutLog.unscoped.filter(client=client_record).exists()


def test_a_large_export_imports_whole(org, client_record):
    from coaching.tenancy import tenant_scope
    from programs.history_import import import_history
    from tests.programs.test_importers import large_strong_export

    data, _, _ = large_strong_export()
    with tenant_scope(org):
        result = import_history(client_record, data, "strong", by=None)

    assert result.created_sets > 40000
    assert result.errors == []


def test_a_client_uploads_an_export_from_the_page_and_reads_the_summary(client, org, client_record):
    client.force_login(client_record.user)
    with (FIXTURES / "strong_comma.csv").open("rb") as handle:
        response = client.post("/o/northside/app/import/", {"file": handle, "format": "strong"})

    assert response.status_code == 200
    assert b"sessions and" in response.content
    assert WorkoutLog.unscoped.filter(client=client_record).exists()


def test_the_coach_sees_e1rm_and_weekly_adherence_for_a_client(client, org, coach, client_record):
    from django.utils import timezone

    from tests.factories import build_history

    build_history(client_record, days=30, today=timezone.localdate())
    client.force_login(coach)

    response = client.get(f"/o/northside/coach/clients/{client_record.pk}/training/")

    assert response.status_code == 200
    assert response.context["charts"][0]["sessions"] > 5
    assert any(w["rate"] == 100 for w in response.context["weeks"])
