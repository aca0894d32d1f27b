"""Today's set rows start from a sensible load: the target, the empty bar, or body weight."""

import pytest
from django.utils import timezone

from programs.models import Exercise, PlannedWorkout, Prescription, Program, ProgramWeek

pytestmark = pytest.mark.django_db


def plan_today(client_record, exercise, target=None):
    org = client_record.organization
    program = Program.unscoped.create(
        organization=org,
        client=client_record,
        name="Block",
        status="active",
        start_date=timezone.localdate(),
    )
    week = ProgramWeek.unscoped.create(organization=org, program=program, index=1)
    workout = PlannedWorkout.unscoped.create(
        organization=org,
        week=week,
        program=program,
        client=client_record,
        day_index=1,
        planned_date=timezone.localdate(),
        name="Session",
    )
    Prescription.unscoped.create(
        organization=org,
        workout=workout,
        exercise=exercise,
        order=0,
        sets=1,
        reps_min=5,
        reps_max=8,
        target_load_kg=target,
    )


@pytest.mark.parametrize(
    ("key", "target", "shown"),
    [
        ("Barbell_Squat", None, 'value="20.0"'),
        ("Barbell_Squat", 62.5, 'value="62.50"'),
        ("Pushups", None, 'value="0"'),
    ],
)
def test_an_unloaded_barbell_lift_starts_at_the_empty_bar_on_today(
    client, client_user, client_record, key, target, shown
):
    plan_today(client_record, Exercise.unscoped.get(key=key), target)
    client.force_login(client_user)

    page = client.get(f"/o/{client_record.organization.slug}/app/").content.decode()

    assert shown in page.split('name="load"')[1].split(">")[0]
