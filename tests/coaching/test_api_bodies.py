"""What any API body may hold, checked once by the API's JSON parser for every view: bounded
depth, finite numbers, no NUL characters, a bounded size; and every error under /api/ is JSON."""

import pytest

pytestmark = pytest.mark.django_db

DEEP = 50_000


def check_in_url(org, client_record):
    return f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/check-ins/"


CHECK_IN = (
    '{"readiness": 4, "sleep_quality": 4, "soreness": 2, "fatigue": 2, "stress": 2, "mood": 4'
)


def post_raw(api_client, url, text: str):
    return api_client.generic("POST", url, text.encode(), content_type="application/json")


def test_a_body_nested_fifty_thousand_deep_is_bad_input_naming_the_field(
    api, org, client_user, client_record
):
    body = CHECK_IN + ', "extra_answers": {"x": ' + "[" * DEEP + "]" * DEEP + "}}"

    response = post_raw(api(client_user), check_in_url(org, client_record), body)

    assert response.status_code == 400
    assert list(response.json()) == ["extra_answers"]


def test_a_body_nested_a_little_too_deep_to_store_safely_is_bad_input(
    api, org, client_user, client_record
):
    body = CHECK_IN + ', "extra_answers": {"x": ' + "[" * 200 + "]" * 200 + "}}"

    response = post_raw(api(client_user), check_in_url(org, client_record), body)

    assert response.status_code == 400
    assert "extra_answers" in response.json()


def test_a_deep_top_level_list_is_bad_input_not_a_crash(api, org, coach):
    body = "[" * DEEP + "]" * DEEP

    response = post_raw(api(coach), f"/api/v1/orgs/{org.slug}/exercises/", body)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN", "Infinity"])
def test_a_number_that_is_not_finite_is_bad_input_naming_the_field(
    api, org, client_user, client_record, number
):
    body = CHECK_IN.replace('"mood": 4', f'"mood": {number}') + "}"

    response = post_raw(api(client_user), check_in_url(org, client_record), body)

    assert response.status_code == 400
    assert list(response.json()) == ["mood"]


def test_a_non_finite_number_inside_free_answers_is_bad_input(api, org, client_user, client_record):
    body = CHECK_IN + ', "extra_answers": {"how far": 1e999}}'

    response = post_raw(api(client_user), check_in_url(org, client_record), body)

    assert response.status_code == 400
    assert list(response.json()) == ["extra_answers"]


@pytest.mark.parametrize(
    "extra",
    [{"how\x00far": "5 km"}, {"how far": "5\x00km"}, {"how far": ["5\x00km"]}],
    ids=["key", "value", "nested value"],
)
def test_a_nul_character_in_free_answers_is_bad_input_naming_the_field(
    api, org, client_user, client_record, extra
):
    body = {
        "readiness": 4,
        "sleep_quality": 4,
        "soreness": 2,
        "fatigue": 2,
        "stress": 2,
        "mood": 4,
        "extra_answers": extra,
    }

    response = api(client_user).post(check_in_url(org, client_record), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["extra_answers"]


def test_a_fifty_megabyte_body_answers_413_in_json(api, org, client_user, client_record):
    body = CHECK_IN + ', "notes": "' + "x" * (50 * 1024 * 1024) + '"}'

    response = post_raw(api(client_user), check_in_url(org, client_record), body)

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_a_body_that_is_not_utf8_is_bad_input_in_json(api, org, client_user, client_record):
    response = api(client_user).generic(
        "POST",
        check_in_url(org, client_record),
        b'{"notes": "\xff"}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_an_unknown_api_url_answers_404_in_json(api, owner):
    response = api(owner).get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_page_still_answers_an_html_404(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_webhook_body_over_the_limit_answers_413_in_json(anonymous, settings):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test"
    body = b'{"id": "evt_1", "data": "' + b"x" * (50 * 1024 * 1024) + b'"}'

    response = anonymous.generic(
        "POST",
        "/api/v1/billing/stripe/webhook/",
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE="t=1,v1=x",
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"


def test_a_body_within_every_limit_is_still_accepted(api, org, client_user, client_record):
    body = CHECK_IN + ', "unused": {"plan": {"weeks": [[1, -2.5], {"ok": true}]}}}'

    response = post_raw(api(client_user), check_in_url(org, client_record), body)

    assert response.status_code == 201
