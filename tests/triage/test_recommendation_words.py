"""The coach reads an AI proposal as a change in words, never as raw data."""

import pytest

from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def test_a_deload_reads_as_next_week_in_words_on_the_coach_client_page(
    client, org, coach, client_record
):
    RecommendationFactory(
        organization=org,
        client=client_record,
        kind="deload",
        status="pending_review",
        rationale="Fatigue averaged 4.5 over two weeks.",
        payload={
            "exercise": "all",
            "field": "next_week",
            "from": "planned training",
            "to": "deload week: about 60% of the sets",
            "changes": [],
        },
    )
    client.force_login(coach)

    page = client.get(f"/o/{org.slug}/coach/clients/{client_record.pk}/").content.decode()

    assert "Next week:</strong> planned training → deload week: about 60% of the sets" in page
    assert "next_week" not in page
