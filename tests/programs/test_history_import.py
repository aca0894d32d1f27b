from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching.erasure import anonymize_client
from coaching.tenancy import tenant_scope
from programs.core.adjustments import LoggedSet, propose_progression
from programs.core.importers import MAX_ROWS, MAX_UPLOAD_BYTES
from programs.history_import import import_history, run_import_job, start_import
from programs.models import Exercise, ImportJob, SetLog, WorkoutLog
from tests.factories import ClientFactory, build_history
from tests.programs.test_importers import large_strong_export
from triage.models import ReviewItem

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
ACCEPTED = [
    ("strong_comma.csv", "strong"),
    ("strong_semicolon_weight_unit.csv", "strong"),
    ("strong_no_weight_unit.csv", "strong"),
    ("strong_no_weight_unit_lb.csv", "strong"),
    ("strong_new_layout_kg.csv", "strong"),
    ("strong_new_layout_lbs.csv", "strong"),
    ("strong_cardio_only.csv", "strong"),
    ("strong_assisted_lbs.csv", "strong"),
    ("strong_notes_pain.csv", "strong"),
    ("hevy_kg.csv", "hevy"),
    ("hevy_lbs.csv", "hevy"),
    ("hevy_us_dates.csv", "hevy"),
    ("hevy_assisted.csv", "hevy"),
]
ANSWER_KEYS = {
    "created_logs",
    "created_sets",
    "skipped_duplicates",
    "unknown_exercises",
    "errors",
    "errors_total",
    "errors_not_shown",
    "skipped_rows",
    "unit",
    "unit_source",
    "unit_guess",
    "cardio_sets",
    "assisted_sets",
    "flagged_notes",
}


def imports_url(org, client_record) -> str:
    return f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/imports/"


def upload(api, org, user, client_record, name, fmt, **extra):
    with (FIXTURES / name).open("rb") as handle:
        return api(user).post(
            imports_url(org, client_record),
            {"file": handle, "format": fmt, **extra},
            format="multipart",
        )


def post_bytes(api, org, user, client_record, data: bytes, fmt="strong", **extra):
    return api(user).post(
        imports_url(org, client_record),
        {"file": SimpleUploadedFile("export.csv", data, "text/csv"), "format": fmt, **extra},
        format="multipart",
    )


def sets_of(client_record, exercise_name: str):
    return SetLog.unscoped.filter(log__client=client_record, exercise__name=exercise_name).order_by(
        "log__performed_at", "set_index"
    )


# --- Every layout -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt"), ACCEPTED)
def test_every_export_variant_imports_its_sessions_and_sets(
    api, org, coach, client_record, name, fmt
):
    response = upload(api, org, coach, client_record, name, fmt)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == ANSWER_KEYS
    assert body["created_logs"] > 0 and body["created_sets"] > 0
    assert (
        WorkoutLog.unscoped.filter(client=client_record, source=fmt).count() == body["created_logs"]
    )
    assert SetLog.unscoped.filter(log__client=client_record).count() == body["created_sets"]


@pytest.mark.parametrize(("name", "fmt"), ACCEPTED)
def test_re_importing_any_accepted_file_creates_nothing(api, org, coach, client_record, name, fmt):
    first = upload(api, org, coach, client_record, name, fmt).json()
    logs, sets = WorkoutLog.unscoped.count(), SetLog.unscoped.count()

    again = upload(api, org, coach, client_record, name, fmt).json()

    assert (again["created_logs"], again["created_sets"]) == (0, 0)
    assert again["skipped_duplicates"] == first["created_logs"]
    assert (WorkoutLog.unscoped.count(), SetLog.unscoped.count()) == (logs, sets)


def test_unknown_exercises_become_organization_exercises_and_are_listed(
    api, org, coach, client_record
):
    body = upload(api, org, coach, client_record, "strong_cardio_only.csv", "strong").json()

    assert "Running" in body["unknown_exercises"]
    running = Exercise.unscoped.get(organization=org, name="Running")
    assert running.category == "cardio"


# --- Units ------------------------------------------------------------------------------------


def test_a_file_without_a_unit_column_is_read_in_kg_by_default_and_the_answer_says_so(
    api, org, coach, client_record
):
    body = upload(api, org, coach, client_record, "strong_no_weight_unit_lb.csv", "strong").json()

    assert (body["unit"], body["unit_source"]) == ("kg", "default")
    assert body["unit_guess"]["unit"] == "lb"
    assert [s.load_kg for s in sets_of(client_record, "Barbell Squat")][:2] == [135, 225]


def test_the_unit_given_converts_pounds_to_kilograms(api, org, coach, client_record):
    body = upload(
        api, org, coach, client_record, "strong_no_weight_unit_lb.csv", "strong", unit="lb"
    ).json()

    assert (body["unit"], body["unit_source"]) == ("lb", "request")
    loads = [s.load_kg for s in sets_of(client_record, "Barbell Squat")]
    assert loads == [Decimal("61.23"), Decimal("102.06"), Decimal("102.06"), Decimal("102.06")]


def test_a_unit_named_in_the_file_wins_and_the_answer_says_it_came_from_the_file(
    api, org, coach, client_record
):
    body = upload(
        api, org, coach, client_record, "strong_new_layout_lbs.csv", "strong", unit="kg"
    ).json()

    assert (body["unit"], body["unit_source"], body["unit_guess"]) == ("lb", "file", None)


def test_an_unknown_unit_is_400_naming_it(api, org, coach, client_record):
    response = upload(api, org, coach, client_record, "strong_comma.csv", "strong", unit="stone")

    assert response.status_code == 400
    assert "unit" in response.json()
    assert not WorkoutLog.unscoped.exists()


# --- Times ------------------------------------------------------------------------------------


def _one_session(when: str, name: str = "A") -> bytes:
    return (
        "Date,Workout Name,Exercise Name,Set Order,Weight,Weight Unit,Reps\n"
        f"{when},{name},Squat (Barbell),1,100,kg,5\n"
    ).encode()


@pytest.mark.parametrize(
    ("zone", "wall", "utc"),
    [
        # New York in May is UTC-4: an early session stays on its day.
        ("America/New_York", "2024-05-06 06:30:00", datetime(2024, 5, 6, 10, 30, tzinfo=UTC)),
        ("America/Los_Angeles", "2025-03-07 23:30:00", datetime(2025, 3, 8, 7, 30, tzinfo=UTC)),
        # The hour repeated when Los Angeles goes back: its first occurrence (PDT).
        ("America/Los_Angeles", "2025-11-02 01:30:00", datetime(2025, 11, 2, 8, 30, tzinfo=UTC)),
        # 02:30 does not exist in Auckland when clocks jump to 03:00: read as 03:30 NZDT.
        ("Pacific/Auckland", "2025-09-28 02:30:00", datetime(2025, 9, 27, 14, 30, tzinfo=UTC)),
        ("Pacific/Auckland", "2025-09-28 00:30:00", datetime(2025, 9, 27, 12, 30, tzinfo=UTC)),
        ("Asia/Kolkata", "2025-07-29 00:30:00", datetime(2025, 7, 28, 19, 0, tzinfo=UTC)),
    ],
)
def test_times_in_the_file_are_wall_clock_times_in_the_clients_zone(
    api, org, coach, client_record, zone, wall, utc
):
    org.time_zone = zone
    org.save(update_fields=["time_zone"])

    post_bytes(api, org, coach, client_record, _one_session(wall))

    assert WorkoutLog.unscoped.get(client=client_record).performed_at == utc


def test_a_travelling_clients_own_zone_wins_over_the_organizations(api, org, coach, client_record):
    org.time_zone = "America/New_York"
    org.save(update_fields=["time_zone"])
    client_record.time_zone = "Asia/Kolkata"
    client_record.save(update_fields=["time_zone"])

    post_bytes(api, org, coach, client_record, _one_session("2025-07-29 00:30:00"))

    expected = datetime(2025, 7, 28, 19, 0, tzinfo=UTC)
    assert WorkoutLog.unscoped.get(client=client_record).performed_at == expected


# --- Assisted exercises, cardio, durations, notes ---------------------------------------------


def test_assistance_is_stored_apart_from_load_and_counts_in_no_e1rm(api, org, coach, client_record):
    body = upload(api, org, coach, client_record, "hevy_assisted.csv", "hevy").json()

    assisted = SetLog.unscoped.filter(log__client=client_record, assistance_kg__isnull=False)
    assert body["assisted_sets"] == 4 == assisted.count()
    first = assisted.order_by("id").first()
    assert (first.assistance_kg, first.load_kg, first.e1rm_kg) == (Decimal("15"), 0, None)
    assert not SetLog.unscoped.filter(e1rm_kg__isnull=False).exists()


def test_an_assisted_set_never_asks_for_more_load():

    class Pullups:
        exercise_key, exercise_name = "pullups", "Pull Up (Assisted)"
        sets, reps_min, reps_max, target_rpe, target_load_kg = 2, 6, 8, None, None

    logged = [LoggedSet(reps=8, load_kg=0.0), LoggedSet(reps=8, load_kg=0.0)]

    proposal = propose_progression(Pullups(), logged, region="upper", sessions=1)

    assert "target_load_kg" not in str(proposal.payload)


def test_cardio_only_sessions_import_with_distance_and_time(api, org, coach, client_record):
    body = upload(api, org, coach, client_record, "strong_cardio_only.csv", "strong").json()

    assert body["created_logs"] == 3 and body["cardio_sets"] == body["created_sets"] == 7
    run = SetLog.unscoped.get(log__client=client_record, log__name="Saturday run")
    assert (run.reps, run.distance_m, run.duration_seconds) == (0, Decimal("10200"), 3080)
    assert run.notes == "negative split"
    plank = sets_of(client_record, "Plank").first()
    assert (plank.duration_seconds, plank.distance_m) == (90, None)


def test_durations_are_stored_in_seconds_and_minutes_are_rounded(api, org, coach, client_record):
    upload(api, org, coach, client_record, "strong_semicolon_weight_unit.csv", "strong")

    short = WorkoutLog.unscoped.get(client=client_record, name="Oberkörper")
    assert (short.duration_seconds, short.duration_minutes) == (50, 1)


def test_a_session_over_six_hours_is_kept_without_a_duration_and_reported(
    api, org, coach, client_record
):
    body = upload(api, org, coach, client_record, "strong_new_layout_lbs.csv", "strong").json()

    pull = WorkoutLog.unscoped.get(client=client_record, name="Pull (forgot to stop timer)")
    assert (pull.duration_seconds, pull.duration_minutes) == (None, None)
    assert pull.sets.count() == 3
    assert "more than 6 hours" in body["errors"][0]["message"]


def test_notes_are_kept_on_the_session_and_on_the_set(api, org, coach, client_record):
    upload(api, org, coach, client_record, "strong_new_layout_kg.csv", "strong")

    upper = WorkoutLog.unscoped.get(client=client_record, name="Upper A")
    assert upper.notes == "Short on sleep\nBench Press (Barbell): Elbows tucked, pause on chest"
    assert upper.sets.filter(notes="Last rep slow").count() == 1


def test_skipped_rows_are_reported_with_their_reason_and_lines(api, org, coach, client_record):
    body = upload(api, org, coach, client_record, "strong_new_layout_kg.csv", "strong").json()

    assert body["skipped_rows"] == [{"reason": "a rest timer, not a set", "count": 1, "rows": [9]}]


def _import_pain_notes(org, client_record, now):

    with tenant_scope(org):
        return import_history(
            client_record,
            (FIXTURES / "strong_notes_pain.csv").read_bytes(),
            "strong",
            by=None,
            now=now,
        )


def test_pain_in_the_last_two_weeks_of_notes_asks_for_a_coach_review_never_a_red(
    org, client_record
):

    result = _import_pain_notes(org, client_record, datetime(2025, 3, 14, 12, tzinfo=UTC))

    assert result.flagged_notes == 2
    item = ReviewItem.unscoped.get(client=client_record)
    assert (item.level, item.reason_kind, item.source) == ("yellow", "imported_notes", "logging")
    texts = " ".join(reason["text"] for reason in item.reasons)
    assert "10 Mar" in texts and "12 Mar" in texts
    client_record.refresh_from_db()
    assert not client_record.automation_hold
    assert not ReviewItem.unscoped.filter(level="red").exists()


def test_notes_older_than_two_weeks_are_kept_but_not_read(org, client_record):

    result = _import_pain_notes(org, client_record, datetime(2025, 6, 1, tzinfo=UTC))

    assert result.flagged_notes == 0
    assert not ReviewItem.unscoped.exists()
    assert WorkoutLog.unscoped.filter(notes="Chest pain during warm-up").exists()


# --- Files that cannot be imported ------------------------------------------------------------


def test_a_file_that_is_no_export_is_400_saying_what_was_expected(api, org, coach, client_record):
    response = upload(api, org, coach, client_record, "not_an_export.csv", "strong")

    assert response.status_code == 400
    assert "Expected" in response.json()["file"][0]
    assert not WorkoutLog.unscoped.exists()


def test_a_translated_export_is_400_saying_to_export_in_english(api, org, coach, client_record):
    response = upload(api, org, coach, client_record, "strong_translated_de.csv", "strong")

    assert response.status_code == 400
    assert "Switch the app to English" in response.json()["file"][0]


def test_a_file_whose_every_row_fails_the_same_way_is_one_400_error(api, org, coach, client_record):
    response = upload(api, org, coach, client_record, "hevy_all_rows_fail.csv", "hevy")

    assert response.status_code == 400
    messages = response.json()["file"]
    assert len(messages) == 1 and messages[0].startswith("Nothing was imported: all 4 rows")
    assert not WorkoutLog.unscoped.exists()


def test_a_missing_format_is_400_naming_it(api, org, coach, client_record):
    with (FIXTURES / "strong_comma.csv").open("rb") as handle:
        response = api(coach).post(
            imports_url(org, client_record), {"file": handle}, format="multipart"
        )

    assert response.status_code == 400
    assert "format" in response.json()


# --- Limits -----------------------------------------------------------------------------------


def test_a_file_over_20_mb_is_413_with_a_json_body(api, org, coach, client_record):

    response = post_bytes(api, org, coach, client_record, b"x" * (MAX_UPLOAD_BYTES + 1))

    assert response.status_code == 413
    assert "at most 20 MB" in response.json()["file"][0]


def test_a_file_over_the_row_limit_is_413(api, org, coach, client_record):

    data = b"Date,Workout Name\n" + b"x\n" * (MAX_ROWS + 1)

    response = post_bytes(api, org, coach, client_record, data)

    assert response.status_code == 413
    assert "200,000" in response.json()["file"][0]


def test_a_header_of_a_hundred_thousand_columns_is_413(api, org, coach, client_record):
    data = (",".join(f"c{i}" for i in range(100_000)) + "\n").encode()

    response = post_bytes(api, org, coach, client_record, data)

    assert response.status_code == 413
    assert "100,000 columns" in response.json()["file"][0]


def test_only_the_first_hundred_errors_are_answered_with_a_count_of_the_rest(
    api, org, coach, client_record
):
    header = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,RPE\n"
    good = "2023-01-15 08:30:00,A,Squat (Barbell),1,80,5,\n"
    bad = [f"2023-01-15 08:30:00,A,Squat (Barbell),1,80,{200 + i},\n" for i in range(250)]
    other = [f"2023-01-15 08:30:00,A,Squat (Barbell),1,80,5,{11 + i}\n" for i in range(50)]

    body = post_bytes(
        api, org, coach, client_record, (header + good + "".join(bad + other)).encode()
    ).json()

    assert len(body["errors"]) == 100
    assert (body["errors_total"], body["errors_not_shown"]) == (300, 200)
    assert body["created_sets"] == 1


# --- Big files: in the background -------------------------------------------------------------


def _big_export() -> bytes:

    data, _, _ = large_strong_export(years=2)
    return data


def test_a_file_of_more_than_20000_rows_answers_202_and_imports_in_the_background(
    api, org, coach, client_record, django_capture_on_commit_callbacks
):
    data = _big_export()
    assert data.count(b"\n") > 20_000

    with django_capture_on_commit_callbacks(execute=True):
        response = post_bytes(api, org, coach, client_record, data)

    assert response.status_code == 202
    body = response.json()
    assert body["status_url"].endswith(f"/imports/{body['id']}/")
    status_ = api(coach).get(body["status_url"]).json()
    assert status_["status"] == "done" and status_["progress"] == 1
    assert status_["result"]["created_sets"] == SetLog.unscoped.count() > 20_000
    assert (
        status_["sessions_done"] == status_["sessions_total"] == status_["result"]["created_logs"]
    )


def test_the_stored_upload_is_dropped_once_imported(
    api, org, coach, client_record, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        body = post_bytes(api, org, coach, client_record, _big_export()).json()

    job = ImportJob.unscoped.get(pk=body["id"])
    assert job.organization_id == org.pk and job.client_id == client_record.pk
    assert bytes(job.upload) == b""


def test_a_background_import_of_the_same_file_again_creates_nothing(
    api, org, coach, client_record, django_capture_on_commit_callbacks
):
    data = _big_export()
    with django_capture_on_commit_callbacks(execute=True):
        post_bytes(api, org, coach, client_record, data)
    sets = SetLog.unscoped.count()

    with django_capture_on_commit_callbacks(execute=True):
        body = post_bytes(api, org, coach, client_record, data).json()

    result = ImportJob.unscoped.get(pk=body["id"]).result
    assert (result["created_logs"], result["created_sets"]) == (0, 0)
    assert SetLog.unscoped.count() == sets


def test_a_big_file_that_is_no_export_is_refused_in_the_request(api, org, coach, client_record):
    data = b"Date,Description,Amount\n" + b"2024-01-02,Coffee,3.50\n" * 25_000

    response = post_bytes(api, org, coach, client_record, data)

    assert response.status_code == 400
    assert not ImportJob.unscoped.exists()


def test_a_job_run_twice_imports_once(org, client_record, django_capture_on_commit_callbacks):

    with tenant_scope(org):
        job = start_import(client_record, _big_export(), "strong", unit=None, by=None)
    first = run_import_job(org, job.pk)
    again = run_import_job(org, job.pk)

    assert first["status"] == "done" and again["status"] == "not run"


def test_the_status_of_another_clients_import_is_404_for_a_client(
    api, org, coach, client_record, django_capture_on_commit_callbacks
):

    with django_capture_on_commit_callbacks(execute=True):
        body = post_bytes(api, org, coach, client_record, _big_export()).json()
    other = ClientFactory(organization=org, user__email="other@north.test")

    mine = api(client_record.user).get(body["status_url"])
    theirs = api(other.user).get(body["status_url"])
    wrong_client = api(coach).get(
        f"/api/v1/orgs/{org.slug}/clients/{other.pk}/imports/{body['id']}/"
    )

    assert mine.status_code == 200
    assert theirs.status_code == 404
    assert wrong_client.status_code == 404


# --- The command ------------------------------------------------------------------------------


def _command(client_record, name, fmt, *extra):
    call_command(
        "import_workouts",
        "--org",
        "northside",
        "--client",
        str(client_record.pk),
        "--format",
        fmt,
        *extra,
        str(FIXTURES / name),
    )


def test_the_command_imports_a_file(org, client_record, capsys):
    _command(client_record, "hevy_kg.csv", "hevy")

    assert "sessions and" in capsys.readouterr().out
    assert WorkoutLog.unscoped.filter(client=client_record).exists()


def test_the_command_takes_the_unit_and_says_which_was_used(org, client_record, capsys):
    _command(client_record, "strong_no_weight_unit_lb.csv", "strong", "--unit", "lb")

    assert "Weights in lb (as given)" in capsys.readouterr().out
    assert sets_of(client_record, "Barbell Squat").first().load_kg == Decimal("61.23")


def test_the_command_without_a_unit_says_what_the_weights_look_like(org, client_record, capsys):
    _command(client_record, "strong_no_weight_unit_lb.csv", "strong")

    out = capsys.readouterr().out
    assert "Weights in kg (the default)" in out and "--unit lb" in out


def test_the_command_reports_skipped_rows(org, client_record, capsys):
    _command(client_record, "strong_new_layout_kg.csv", "strong")

    assert "skipped 1 rows: a rest timer, not a set (lines 9)" in capsys.readouterr().out


def test_the_command_exits_non_zero_when_every_row_fails(org, client_record):
    with pytest.raises(CommandError, match="Nothing was imported"):
        _command(client_record, "hevy_all_rows_fail.csv", "hevy")

    assert not WorkoutLog.unscoped.exists()


def test_a_large_export_imports_whole(org, client_record):

    data, sets, sessions = large_strong_export()
    with tenant_scope(org):
        result = import_history(client_record, data, "strong", by=None)

    assert (result.created_sets, result.created_logs) == (sets, sessions)
    assert result.errors == []
    assert SetLog.unscoped.filter(e1rm_kg__isnull=False).count() > 40_000


# --- The page ---------------------------------------------------------------------------------


def _page_upload(client, name, fmt, path="/o/northside/app/import/", follow=True):
    with (FIXTURES / name).open("rb") as handle:
        return client.post(path, {"file": handle, "format": fmt}, follow=follow)


def test_a_client_uploads_an_export_from_the_page_and_reads_the_summary(client, org, client_record):
    client.force_login(client_record.user)

    response = _page_upload(client, "strong_comma.csv", "strong")

    assert response.status_code == 200
    assert b"sessions and" in response.content
    assert b"as the file says" in response.content
    assert WorkoutLog.unscoped.filter(client=client_record).exists()


def test_the_page_asks_for_the_unit_with_its_guess_selected_when_the_file_has_none(
    client, org, client_record
):
    client.force_login(client_record.user)

    response = _page_upload(client, "strong_no_weight_unit_lb.csv", "strong")

    page = response.content.decode()
    assert "Are the weights in this file in kilograms or pounds?" in page
    assert 'value="lb" checked' in page and "these look like pounds" in page
    assert not WorkoutLog.unscoped.exists()


def test_choosing_the_unit_on_the_page_imports_in_that_unit(client, org, client_record):
    client.force_login(client_record.user)
    asked = _page_upload(client, "strong_no_weight_unit_lb.csv", "strong")

    response = client.post(asked.redirect_chain[-1][0], {"unit": "lb"}, follow=True)

    assert b"Weights read in pounds" in response.content
    assert sets_of(client_record, "Barbell Squat").first().load_kg == Decimal("61.23")
    job = ImportJob.unscoped.get()
    assert (job.status, job.unit, job.unit_source, bytes(job.upload)) == (
        "done",
        "lb",
        "request",
        b"",
    )


def test_the_page_shows_imported_sessions_in_local_time_with_minutes_rounded(
    client, org, client_record
):
    org.time_zone = "America/New_York"
    org.save(update_fields=["time_zone"])
    client.force_login(client_record.user)

    response = _page_upload(client, "strong_semicolon_weight_unit.csv", "strong")

    page = response.content.decode()
    assert "Tue 1 Mar 2022, 17:45" in page and "1 min" in page and "80 min" in page


def test_a_coach_uploads_for_a_client_and_lands_on_the_clients_import(
    client, org, coach, client_record
):
    client.force_login(coach)

    response = _page_upload(
        client, "hevy_kg.csv", "hevy", path=f"/o/northside/coach/clients/{client_record.pk}/import/"
    )

    job = ImportJob.unscoped.get()
    assert response.redirect_chain[-1][0] == (
        f"/o/northside/coach/clients/{client_record.pk}/import/{job.pk}/"
    )
    assert job.client == client_record and job.created_by == coach


def test_the_page_refuses_a_file_over_20_mb_with_413(client, org, client_record):

    client.force_login(client_record.user)
    big = SimpleUploadedFile("big.csv", b"x" * (MAX_UPLOAD_BYTES + 1), "text/csv")

    response = client.post("/o/northside/app/import/", {"file": big, "format": "strong"})

    assert response.status_code == 413
    assert b"at most 20 MB" in response.content


def test_the_page_says_plainly_when_an_export_is_not_in_english(client, org, client_record):
    client.force_login(client_record.user)

    response = _page_upload(client, "strong_translated_de.csv", "strong", follow=False)

    assert response.status_code == 400
    assert b"Switch the app to English" in response.content


def test_a_big_file_on_the_page_shows_progress_then_the_summary(
    client, org, client_record, django_capture_on_commit_callbacks
):
    client.force_login(client_record.user)
    big = SimpleUploadedFile("big.csv", _big_export(), "text/csv")

    asked = client.post("/o/northside/app/import/", {"file": big, "format": "strong"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(asked["Location"], {"unit": "kg"})
    job = ImportJob.unscoped.get()
    page = client.get(response["Location"])

    assert job.status == "done"
    assert b"sessions and" in page.content


def test_the_progress_partial_polls_while_the_import_runs(client, org, client_record):
    job = ImportJob.unscoped.create(
        organization=org,
        client=client_record,
        format="strong",
        status="running",
        sessions_total=200,
        sessions_done=50,
    )
    client.force_login(client_record.user)

    partial = client.get(f"/o/northside/app/import/{job.pk}/", HTTP_HX_REQUEST="true")

    text = partial.content.decode()
    assert 'hx-trigger="every 2s"' in text and "Imported 50 of 200 sessions" in text
    assert 'value="25"' in text


def test_a_client_cannot_open_another_clients_or_another_organizations_import(
    client, org, other_org, client_record
):

    other = ClientFactory(organization=org, user__email="other@north.test")
    elsewhere = ClientFactory(organization=other_org, user__email="far@else.test")
    theirs = ImportJob.unscoped.create(organization=org, client=other, format="strong")
    far = ImportJob.unscoped.create(organization=other_org, client=elsewhere, format="strong")
    client.force_login(client_record.user)

    assert client.get(f"/o/northside/app/import/{theirs.pk}/").status_code == 404
    assert client.get(f"/o/northside/app/import/{far.pk}/").status_code == 404


def test_a_finished_import_tells_the_polling_page_to_reload(client, org, client_record):
    job = ImportJob.unscoped.create(
        organization=org, client=client_record, format="strong", status="done"
    )
    client.force_login(client_record.user)

    response = client.get(f"/o/northside/app/import/{job.pk}/", HTTP_HX_REQUEST="true")

    assert response.status_code == 204 and response["HX-Refresh"] == "true"


def test_an_upload_left_waiting_for_its_unit_for_a_day_is_dropped(client, org, client_record):

    client.force_login(client_record.user)
    _page_upload(client, "strong_no_weight_unit_lb.csv", "strong")
    ImportJob.unscoped.update(created_at=timezone.now() - timedelta(days=2))

    _page_upload(client, "strong_comma.csv", "strong")

    stale = ImportJob.unscoped.order_by("id").first()
    assert stale.status == "failed" and bytes(stale.upload) == b""


def _queries(client, path: str) -> int:

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_import_pages_run_as_many_queries_for_many_sessions_and_imports_as_for_one(
    client, org, client_record
):
    client.force_login(client_record.user)
    _page_upload(client, "strong_cardio_only.csv", "strong")
    first = ImportJob.unscoped.get()
    few = (
        _queries(client, f"/o/northside/app/import/{first.pk}/"),
        _queries(client, "/o/northside/app/import/"),
    )

    for name in (
        "strong_comma.csv",
        "hevy_kg.csv",
        "strong_new_layout_kg.csv",
        "hevy_us_dates.csv",
    ):
        _page_upload(client, name, "hevy" if name.startswith("hevy") else "strong")
    last = ImportJob.unscoped.order_by("id").last()
    many = (
        _queries(client, f"/o/northside/app/import/{last.pk}/"),
        _queries(client, "/o/northside/app/import/"),
    )

    assert many == few


def test_the_coach_sees_e1rm_and_weekly_adherence_for_a_client(client, org, coach, client_record):

    build_history(client_record, days=30, today=timezone.localdate())
    client.force_login(coach)

    response = client.get(f"/o/northside/coach/clients/{client_record.pk}/training/")

    assert response.status_code == 200
    assert response.context["charts"][0]["sessions"] > 5
    assert any(w["rate"] == 100 for w in response.context["weeks"])


def test_the_hourly_job_drops_stale_uploads_of_every_organization(org, other_org, client_record):

    far = ClientFactory(organization=other_org, user__email="far@else.test")
    old = timezone.now() - timedelta(days=2)
    for owner_client in (client_record, far):
        ImportJob.unscoped.create(
            organization=owner_client.organization,
            client=owner_client,
            format="strong",
            status="awaiting_unit",
            upload=b"Date,Workout Name\n",
            created_at=old,
        )
    fresh = ImportJob.unscoped.create(
        organization=org,
        client=client_record,
        format="strong",
        status="awaiting_unit",
        upload=b"kept",
    )

    call_command("discard_stale_uploads")

    assert ImportJob.unscoped.filter(status="failed", upload=b"").count() == 2
    fresh.refresh_from_db()
    assert (fresh.status, bytes(fresh.upload)) == ("awaiting_unit", b"kept")


def test_deleting_a_client_blanks_imported_notes_and_drops_their_uploads(
    api, org, coach, client_record
):

    upload(api, org, coach, client_record, "strong_new_layout_kg.csv", "strong")
    ImportJob.unscoped.create(
        organization=org,
        client=client_record,
        format="strong",
        status="awaiting_unit",
        filename="my-export.csv",
        upload=b"Date,Workout Name\n",
    )

    with tenant_scope(org):
        anonymize_client(client_record)

    assert not SetLog.unscoped.exclude(notes="").exists()
    assert not WorkoutLog.unscoped.exclude(notes="").exists()
    job = ImportJob.unscoped.get()
    assert (bytes(job.upload), job.filename) == (b"", "")
