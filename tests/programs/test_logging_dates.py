"""Workout logs refuse dates before 2000 (CONTRACT): a typo'd year is a 400, not a stored log."""

import pytest

from programs.models import Exercise, WorkoutLog
from tests.programs.test_logging_api import body, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "performed_at", ["0001-01-01T10:00:00Z", "1900-06-01T10:00:00Z", "1999-12-31T12:00:00Z"]
)
def test_a_log_dated_before_2000_is_400_naming_performed_at(api, org, client_record, performed_at):
    squat = Exercise.unscoped.get(key="Barbell_Squat")

    response = api(client_record.user).post(
        url(org, client_record), body(squat, performed_at=performed_at), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["performed_at"]
    assert not WorkoutLog.unscoped.exists()


def test_a_log_on_the_first_day_of_2000_is_kept(api, org, client_record):
    squat = Exercise.unscoped.get(key="Barbell_Squat")

    response = api(client_record.user).post(
        url(org, client_record), body(squat, performed_at="2000-01-01T12:00:00Z"), format="json"
    )

    assert response.status_code == 201
