"""Brute force and enumeration: failed sign-ins lock an account and an address (API and page),
registration and password-reset requests are limited per address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.utils import timezone

from coaching.models import Organization
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"


@pytest.fixture
def person(db):
    return UserFactory(email="lifter@north.test")


def wrong_tokens(anonymous, email, times, address="10.0.0.1"):
    return [
        anonymous.post(
            TOKEN, {"email": email, "password": "not-it"}, format="json", REMOTE_ADDR=address
        )
        for _ in range(times)
    ]


def test_forty_wrong_passwords_then_the_right_one_is_refused_on_the_api(anonymous, person):
    wrong_tokens(anonymous, person.email, 40)

    response = anonymous.post(
        TOKEN, {"email": person.email, "password": PASSWORD}, format="json", REMOTE_ADDR="10.0.0.1"
    )

    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert "Try again" in response.json()["detail"]


def test_the_api_answers_400_until_the_limit_then_429(anonymous, person, settings):
    answers = wrong_tokens(anonymous, person.email, settings.LOGIN_FAILURE_LIMIT)

    assert [a.status_code for a in answers[:-1]] == [400] * (settings.LOGIN_FAILURE_LIMIT - 1)
    assert answers[-1].status_code == 429


def test_the_account_is_locked_whatever_address_the_attempts_come_from(anonymous, person, settings):
    for number in range(settings.LOGIN_FAILURE_LIMIT):
        wrong_tokens(anonymous, person.email, 1, address=f"10.0.1.{number}")

    response = anonymous.post(
        TOKEN, {"email": person.email, "password": PASSWORD}, format="json", REMOTE_ADDR="10.9.9.9"
    )

    assert response.status_code == 429


def test_an_address_is_locked_whatever_accounts_it_tries(anonymous, person, settings):
    for number in range(settings.LOGIN_FAILURE_LIMIT):
        wrong_tokens(anonymous, f"guess{number}@north.test", 1, address="10.0.0.7")

    response = anonymous.post(
        TOKEN, {"email": person.email, "password": PASSWORD}, format="json", REMOTE_ADDR="10.0.0.7"
    )

    assert response.status_code == 429


def test_another_person_elsewhere_still_signs_in(anonymous, person, settings):
    wrong_tokens(anonymous, person.email, settings.LOGIN_FAILURE_LIMIT)
    other = UserFactory(email="other@north.test")

    response = anonymous.post(
        TOKEN, {"email": other.email, "password": PASSWORD}, format="json", REMOTE_ADDR="10.0.0.2"
    )

    assert response.status_code == 200


def test_a_few_mistakes_do_not_lock_anyone(anonymous, person):
    wrong_tokens(anonymous, person.email, 3)

    response = anonymous.post(
        TOKEN, {"email": person.email, "password": PASSWORD}, format="json", REMOTE_ADDR="10.0.0.1"
    )

    assert response.status_code == 200


def test_the_lock_ends_after_the_cool_off(anonymous, person, settings):

    wrong_tokens(anonymous, person.email, settings.LOGIN_FAILURE_LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = anonymous.post(
        TOKEN, {"email": person.email, "password": PASSWORD}, format="json", REMOTE_ADDR="10.0.0.1"
    )

    assert response.status_code == 200


def test_forty_wrong_passwords_then_the_right_one_is_refused_on_the_page(client, person):
    for _ in range(40):
        client.post("/login/", {"username": person.email, "password": "not-it"})

    response = client.post("/login/", {"username": person.email, "password": PASSWORD})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "Too many failed sign-ins" in page and "Try again in" in page
    assert "_auth_user_id" not in client.session


def test_page_and_api_failures_count_together(client, anonymous, person, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post("/login/", {"username": person.email, "password": "not-it"})

    response = anonymous.post(
        TOKEN, {"email": person.email, "password": PASSWORD}, format="json", REMOTE_ADDR="10.5.5.5"
    )

    assert response.status_code == 429


def register(anonymous, number, address="10.0.0.1"):
    return anonymous.post(
        "/api/v1/auth/register/",
        {
            "email": f"owner{number}@gym.test",
            "password": "lift-heavy-2026",
            "organization_name": f"Gym {number}",
        },
        format="json",
        REMOTE_ADDR=address,
    )


def test_registration_is_limited_per_address(anonymous, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "registration": "3/hour"}

    answers = [register(anonymous, number) for number in range(4)]

    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert Organization.objects.count() == 3
    assert register(anonymous, 9, address="10.0.0.2").status_code == 201


def test_the_signup_page_is_limited_per_address_and_says_so(client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "registration": "2/hour"}
    body = {"password": "lift-heavy-2026", "organization_name": "Gym", "time_zone": "UTC"}
    for number in range(2):
        client.post("/signup/", {**body, "email": f"taken{number}@gym.test"})
        client.logout()

    response = client.post("/signup/", {**body, "email": "third@gym.test"})

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not Organization.objects.filter(name="Gym", membership__user__email="third@gym.test")


def test_password_reset_requests_are_limited_per_address(anonymous, person, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "password_reset": "2/hour"}

    answers = [
        anonymous.post("/api/v1/auth/password-reset/", {"email": person.email}, format="json")
        for _ in range(3)
    ]

    assert [a.status_code for a in answers] == [202, 202, 429]
    assert len(mail.outbox) == 2


def test_a_forged_forwarded_for_header_does_not_escape_the_address_lock(anonymous, settings):
    for number in range(settings.LOGIN_FAILURE_LIMIT):
        anonymous.post(
            TOKEN,
            {"email": f"guess{number}@north.test", "password": "not-it"},
            format="json",
            REMOTE_ADDR="10.0.0.8",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    person = UserFactory(email="target@north.test")

    response = anonymous.post(
        TOKEN,
        {"email": person.email, "password": PASSWORD},
        format="json",
        REMOTE_ADDR="10.0.0.8",
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )

    assert response.status_code == 429


def test_registration_limits_cannot_be_escaped_with_a_forged_forwarded_for(anonymous, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "registration": "2/hour"}

    answers = [
        anonymous.post(
            "/api/v1/auth/register/",
            {
                "email": f"forged{n}@gym.test",
                "password": "lift-heavy-2026",
                "organization_name": f"Forged {n}",
            },
            format="json",
            REMOTE_ADDR="10.0.0.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
        for n in range(3)
    ]

    assert [a.status_code for a in answers] == [201, 201, 429]
