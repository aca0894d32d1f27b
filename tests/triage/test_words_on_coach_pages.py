"""What a coach reads about a draft and an intake is words, not codes (issue #16, section 5)."""

from decimal import Decimal

import pytest

from tests.factories import SubscriptionFactory
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
