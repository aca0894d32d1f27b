"""Bad input to check-ins, trends and the owner's texts is a 400 naming the field, never a 500."""

import pytest

from triage.models import CheckIn, ReplyTemplate
from triage.queue import ensure_defaults

pytestmark = pytest.mark.django_db

CALM = {"readiness": 4, "sleep_quality": 4, "soreness": 2, "fatigue": 2, "stress": 2, "mood": 4}
MEGABYTE = "x" * (1024 * 1024)


def check_in(api, org, client_record, **answers):
    return api(client_record.user).post(
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/check-ins/",
        {**CALM, **answers},
        format="json",
    )


def test_a_one_megabyte_free_answer_is_400_and_nothing_is_saved(api, org, client_record):
    response = check_in(api, org, client_record, extra_answers={"1": MEGABYTE})

    assert response.status_code == 400
    assert list(response.json()) == ["extra_answers"]
    assert not CheckIn.unscoped.exists()


def test_a_thousand_free_answers_are_400(api, org, client_record):
    answers = {str(number): "yes" for number in range(1000)}

    response = check_in(api, org, client_record, extra_answers=answers)

    assert response.status_code == 400
    assert list(response.json()) == ["extra_answers"]


def test_a_free_answer_that_is_a_list_is_400(api, org, client_record):
    response = check_in(api, org, client_record, extra_answers={"1": [1, 2, 3]})

    assert response.status_code == 400
    assert list(response.json()) == ["extra_answers"]


def test_free_answers_in_words_and_numbers_are_kept(api, org, client_record):
    response = check_in(
        api, org, client_record, extra_answers={"1": 4, "2": "my manager is awful", "3": None}
    )

    assert response.status_code == 201
    assert CheckIn.unscoped.get().extra_answers == {"1": 4, "2": "my manager is awful", "3": None}


def test_one_megabyte_of_check_in_notes_is_400(api, org, client_record):
    response = check_in(api, org, client_record, notes=MEGABYTE)

    assert response.status_code == 400
    assert list(response.json()) == ["notes"]


def test_a_one_megabyte_reply_template_is_400_naming_the_body(api, org, owner):
    response = api(owner).post(
        f"/api/v1/orgs/{org.slug}/reply-templates/",
        {"resolution": "no_change", "name": "Long", "body": MEGABYTE},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["body"]
    assert not ReplyTemplate.unscoped.filter(name="Long").exists()


def test_a_one_megabyte_reply_template_from_the_owners_page_is_refused(client, org, owner):
    ensure_defaults(org)
    template = ReplyTemplate.unscoped.filter(organization=org).first()
    client.force_login(owner)

    response = client.post(
        f"/o/{org.slug}/owner/escalation/templates/{template.pk}/",
        {"resolution": template.resolution, "name": template.name, "body": MEGABYTE},
    )

    assert response.status_code == 400
    template.refresh_from_db()
    assert len(template.body) < 4000


@pytest.mark.parametrize("end", ["0001-01-01", "1999-12-31", "9999-12-31"])
def test_trends_for_an_end_date_out_of_range_are_400_naming_end(
    api, org, coach, client_record, end
):
    response = api(coach).get(
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/trends/?end={end}"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["end"]


def test_trends_for_the_first_day_of_2000_are_answered(api, org, coach, client_record):
    response = api(coach).get(
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/trends/?end=2000-01-01"
    )

    assert response.status_code == 200
