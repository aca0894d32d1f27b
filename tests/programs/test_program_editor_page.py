"""The coach's program editor page and what the client sees of its edits."""

import pytest

from programs.models import PlannedWorkout, Prescription, Program, Recommendation
from tests.programs.test_program_editor import INTAKE

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(api, org, coach, client_record):
    base = f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}"
    api(client_record.user).put(f"{base}/intake/", INTAKE, format="json")
    api(coach).post(f"{base}/intake/review/", {"decision": "approved"}, format="json")
    rec = api(coach).post(f"{base}/programs/draft/").json()
    api(coach).post(
        f"/api/v1/orgs/{org.slug}/recommendations/{rec['id']}/decision/",
        {"decision": "approve", "notes": ""},
        format="json",
    )
    return Program.unscoped.get(client=client_record, status="active")


def editor_url(org, program):
    return f"/o/{org.slug}/coach/programs/{program.pk}/edit/"


def first(program):
    workout = PlannedWorkout.unscoped.filter(program=program).order_by("planned_date").first()
    return Prescription.unscoped.filter(workout=workout).order_by("order").first()


def test_the_editor_shows_one_week_of_cards(client, org, coach, active):
    client.force_login(coach)

    response = client.get(editor_url(org, active) + "?week=2")

    assert response.status_code == 200
    assert response.context["week"].index == 2
    assert b"Change numbers and notes" in response.content
    assert b"Swap" in response.content


def test_the_editor_runs_a_bounded_number_of_queries(
    client, org, coach, active, django_assert_max_num_queries
):
    client.force_login(coach)
    with django_assert_max_num_queries(20):
        client.get(editor_url(org, active))


def test_asking_to_swap_lists_ranked_suggestions_with_reasons(client, org, coach, active):
    client.force_login(coach)
    target = first(active)

    response = client.get(editor_url(org, active) + f"?week=1&swap={target.pk}")

    options = response.context["swap_options"]
    assert options and options[0].reasons[0].startswith("same pattern")
    assert f"Swap for {options[0].name}".encode() in response.content


def test_a_note_saved_on_the_page_reaches_today(client, org, coach, client_user, active):
    client.force_login(coach)
    target = first(active)
    response = client.post(
        editor_url(org, active),
        {
            "op": "update",
            "prescription": target.pk,
            "week": "1",
            "sets": target.sets,
            "reps_min": target.reps_min,
            "reps_max": target.reps_max,
            "target_rpe": target.target_rpe or "",
            "target_load_kg": target.target_load_kg or "",
            "rest_seconds": target.rest_seconds or "",
            "notes": "Warm up with 2-3 lighter sets",
        },
    )
    assert response.status_code == 302

    client.force_login(client_user)
    today = client.get(f"/o/{org.slug}/app/")
    plan = client.get(f"/o/{org.slug}/app/plan/")

    assert b"Coach's note:</strong> Warm up with 2-3 lighter sets" in today.content
    assert b"reviewed by" in plan.content
    assert Recommendation.unscoped.filter(kind="plan_edit", status="approved").count() == 1


def test_a_bad_number_on_the_page_is_a_400_naming_it(client, org, coach, active):
    client.force_login(coach)
    target = first(active)

    response = client.post(
        editor_url(org, active),
        {
            "op": "update",
            "prescription": target.pk,
            "week": "1",
            "sets": "0",
            "reps_min": "5",
            "reps_max": "5",
        },
    )

    assert response.status_code == 400
    assert b"Not changed (sets)" in response.content
    target.refresh_from_db()
    assert target.sets != 0


def test_an_add_search_offers_exercises_the_client_can_do(client, org, coach, active):
    client.force_login(coach)
    workout = first(active).workout

    response = client.get(editor_url(org, active) + f"?week=1&add={workout.pk}&q=cable+row")

    names = [s.name for s in response.context["add_options"]]
    assert names and all("cable" in n.lower() and "row" in n.lower() for n in names)
