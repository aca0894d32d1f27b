"""What the schema fuzzer found, pinned as plain API tests."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_filter_with_a_null_character_is_bad_input_naming_the_parameter(api, org, owner):
    response = api(owner).get(f"/api/v1/orgs/{org.slug}/exercises/", {"equipment": "bar\x00bell"})

    assert response.status_code == 400
    assert response.json() == {"equipment": ["Null characters are not allowed."]}


def test_an_exercise_with_null_instructions_is_refused_not_a_server_error(api, org, coach):
    response = api(coach).post(
        f"/api/v1/orgs/{org.slug}/exercises/",
        {"name": "Tempo squat", "instructions": None},
        format="json",
    )

    assert response.status_code == 400
    assert "instructions" in response.json()


def test_an_exercise_with_instructions_keeps_them_as_steps(api, org, coach):
    response = api(coach).post(
        f"/api/v1/orgs/{org.slug}/exercises/",
        {"name": "Tempo squat", "instructions": ["Sit back.", "Stand up slowly."]},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["instructions"] == ["Sit back.", "Stand up slowly."]
