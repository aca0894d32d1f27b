"""GET /api/v1/orgs/<org>/clients/<id>/personal-bests/: each exercise's bests, local days."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ClientFactory
from tests.triage.test_client_today import log

pytestmark = pytest.mark.django_db


def url(client_record):
    return (
        f"/api/v1/orgs/{client_record.organization.slug}/clients/{client_record.pk}/personal-bests/"
    )


def test_a_client_reads_their_bests_per_exercise(api, client_record):
    log(client_record, when=timezone.now() - timedelta(days=9), sets=((5, 100), (3, 110)))
    log(client_record, when=timezone.now() - timedelta(days=2), sets=((8, 100),))

    response = api(client_record.user).get(url(client_record))

    assert response.status_code == 200
    [squat] = response.json()["results"]
    assert squat["exercise"]["name"] == "Barbell Squat"
    assert (squat["sessions"], squat["best_e1rm_kg"], squat["heaviest_kg"]) == (2, 126.67, 110.0)
    assert squat["heaviest_reps"] == 3
    assert squat["best_e1rm_on"] > squat["heaviest_on"]


def test_the_coach_reads_them_too_and_nobody_else_does(api, coach, client_record):
    other = ClientFactory(organization=client_record.organization)

    assert api(coach).get(url(client_record)).status_code == 200
    assert api(client_record.user).get(url(other)).status_code == 404


def test_the_query_count_does_not_grow_with_history(
    api, client_record, django_assert_max_num_queries
):
    for days in range(40):
        log(client_record, when=timezone.now() - timedelta(days=days), sets=[(5, 100)] * 4)
    caller = api(client_record.user)

    with django_assert_max_num_queries(10):
        caller.get(url(client_record))
