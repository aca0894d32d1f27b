"""The coach's decision on a recommendation from the client's page goes through a Form: the
same rules as the API, a message instead of a 500 for a hand-made POST, nothing changed then."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from programs.models import Prescription
from tests.factories import PrescriptionFactory, ProgramFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def prescription(client_record):
    program = ProgramFactory(client=client_record)
    return PrescriptionFactory(
        workout__week__program=program, target_load_kg=Decimal("100.00"), sets=3
    )


@pytest.fixture
def recommendation(client_record, prescription):
    return RecommendationFactory(
        client=client_record,
        kind="progression",
        payload={"changes": [{"prescription": prescription.pk, "field": "sets", "to": 4}]},
    )


def decide(client, coach, recommendation, **body):
    client.force_login(coach)
    return client.post(f"/o/northside/coach/recommendations/{recommendation.pk}/decide/", body)


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_approving_applies_the_proposed_change(client, coach, recommendation, prescription):
    decide(client, coach, recommendation, decision="approve")

    recommendation.refresh_from_db()
    prescription.refresh_from_db()
    assert (recommendation.status, prescription.sets) == ("approved", 4)


def test_approving_with_an_edit_is_a_modification_that_applies_the_edit(
    client, coach, recommendation, prescription
):
    field = f"{prescription.pk}-target_load_kg"
    decide(
        client,
        coach,
        recommendation,
        decision="approve",
        **{f"edit-{field}": "102.5", f"orig-{field}": "100.00"},
    )

    recommendation.refresh_from_db()
    prescription.refresh_from_db()
    assert recommendation.status == "modified"
    assert (prescription.target_load_kg, prescription.sets) == (Decimal("102.50"), 3)


def test_an_edit_left_as_it_was_is_no_change(client, coach, recommendation, prescription):
    field = f"{prescription.pk}-sets"
    decide(
        client,
        coach,
        recommendation,
        decision="approve",
        **{f"edit-{field}": "3", f"orig-{field}": "3"},
    )

    recommendation.refresh_from_db()
    assert recommendation.status == "approved"


def test_rejecting_without_a_reason_is_refused_and_changes_nothing(client, coach, recommendation):
    response = decide(client, coach, recommendation, decision="reject", notes="  ")

    recommendation.refresh_from_db()
    assert recommendation.status == "pending_review"
    assert said(response) == ["Say why you reject it, so the client and the AI learn."]


@pytest.mark.parametrize("decision", ["", "delete"])
def test_a_decision_that_is_not_one_of_the_three_is_refused(
    client, coach, recommendation, decision
):
    response = decide(client, coach, recommendation, decision=decision)

    recommendation.refresh_from_db()
    assert recommendation.status == "pending_review"
    assert said(response) == ["Choose approve, edit or reject."]


@pytest.mark.parametrize("key", ["edit-abc-sets", "edit-12", "edit-²-sets"])
def test_a_hand_made_edit_key_is_refused_without_an_error_page(
    client, coach, recommendation, prescription, key
):
    response = decide(client, coach, recommendation, decision="approve", **{key: "9"})

    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "pending_review"
    assert Prescription.unscoped.get(pk=prescription.pk).sets == 3
    assert said(response) == [f"Not an edit of a prescription: {key}."]
