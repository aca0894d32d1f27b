"""What a coach reads about a draft and an intake is words, not codes (issue #16, section 5)."""

import re
from decimal import Decimal

import pytest

from tests.factories import (
    PrescriptionFactory,
    SetLogFactory,
    SubscriptionFactory,
    WorkoutLogFactory,
)
from tests.pages import developer_words, read_page
from tests.programs.test_intake_to_draft import answers, drafted_plan

pytestmark = pytest.mark.django_db


def test_a_drafts_reasons_are_headed_in_words(client, api, org, coach, client_record):
    drafted_plan(api, org, coach, client_record)
    client.force_login(coach)

    response = client.get(f"/o/{org.slug}/coach/clients/{client_record.pk}/")

    text = read_page(response.content.decode())[0]
    assert "Exercise selection:" in text
    assert developer_words(text) == []


def test_an_intake_review_names_the_service_model_and_prices_in_money(
    client, api, org, coach, client_record
):
    SubscriptionFactory(client=client_record, tier__monthly_price=Decimal("1099.00"))
    base = f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}"
    api(client_record.user).put(f"{base}/intake/", answers(), format="json")
    client.force_login(coach)

    response = client.get(f"/o/{org.slug}/coach/clients/{client_record.pk}/intake/")

    text = read_page(response.content.decode())[0]
    assert "Suggested service model:" in text
    assert developer_words(text) == []
    assert "Assisted hybrid" in text
    assert "1,099 USD + 0 USD risk surcharge = 1,099 USD" in " ".join(text.split())


def test_an_active_plans_prescriptions_read_as_a_coach_writes_them(
    client, org, coach, client_record
):
    PrescriptionFactory(
        workout__week__program__client=client_record,
        exercise__name="Barbell Squat",
        reps_min=5,
        reps_max=5,
        target_load_kg=Decimal("97.50"),
        target_rpe=Decimal("8.0"),
    )
    client.force_login(coach)

    html = client.get(f"/o/{org.slug}/coach/clients/{client_record.pk}/").content.decode()

    assert "Barbell Squat 3 × 5 at 97.5 kg, RPE 8" in html
    assert "5–5" not in html and "97.50" not in html


def test_a_logged_session_on_the_clients_page_reads_loads_without_trailing_zeros(
    client, org, coach, client_record
):
    log = WorkoutLogFactory(client=client_record)
    SetLogFactory(log=log, reps=5, load_kg=Decimal("57.50"), e1rm_kg=Decimal("67.10"))
    client.force_login(coach)

    html = client.get(f"/o/{org.slug}/coach/clients/{client_record.pk}/").content.decode()

    assert "5 × 57.5 kg (e1RM 67.1 kg)" in html


def test_the_clients_page_marks_clients_as_the_current_section_not_messages(
    client, org, coach, client_record
):
    client.force_login(coach)

    html = client.get(f"/o/{org.slug}/coach/clients/{client_record.pk}/").content.decode()

    current = re.findall(r'<a href="[^"]*" aria-current="page">([^<]*)', html)
    assert current == ["Clients"]
