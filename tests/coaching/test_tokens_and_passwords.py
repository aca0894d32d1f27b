"""API tokens end: on DELETE, on logging out of a page, 30 days after their last use, and when
the password changes or is reset (pages and API, with Django's own token generator)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.authtoken.models import Token

from coaching.core.token_rules import token_expired, use_worth_recording
from coaching.models import TokenUse
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/orgs/"
NEW_PASSWORD = "Another-strong-pass-456"


def sign_in(anonymous, email, password=PASSWORD) -> str:
    response = anonymous.post(TOKEN, {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def with_token(anonymous, key):
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return anonymous


# -- the rules ----------------------------------------------------------------------------------

NOW = timezone.now()


@pytest.mark.parametrize(
    ("last_used", "expired"),
    [(NOW, False), (NOW - timedelta(days=29), False), (NOW - timedelta(days=30, seconds=1), True)],
)
def test_a_token_dies_thirty_days_after_its_last_use(last_used, expired):
    assert token_expired(last_used, NOW, timedelta(days=30)) is expired


@pytest.mark.parametrize(
    ("last_recorded", "worth"),
    [(NOW, False), (NOW - timedelta(minutes=59), False), (NOW - timedelta(minutes=60), True)],
)
def test_a_use_is_written_down_at_most_once_an_hour(last_recorded, worth):
    assert use_worth_recording(last_recorded, NOW, timedelta(hours=1)) is worth


# -- DELETE /auth/token/ ---------------------------------------------------------------------------


def test_deleting_the_token_revokes_it(anonymous, owner):
    key = sign_in(anonymous, owner.email)
    api = with_token(anonymous, key)

    assert api.delete(TOKEN).status_code == 204
    assert api.get(ME).status_code == 401
    assert not Token.objects.filter(key=key).exists()


def test_deleting_without_a_token_is_401(anonymous, db):
    assert anonymous.delete(TOKEN).status_code == 401


def test_signing_in_again_after_revoking_gives_a_new_token(anonymous, owner):
    first = sign_in(anonymous, owner.email)
    with_token(anonymous, first).delete(TOKEN)
    anonymous.credentials()

    second = sign_in(anonymous, owner.email)

    assert second != first
    assert with_token(anonymous, second).get(ME).status_code == 200


def test_logging_out_of_a_page_revokes_the_api_token(client, anonymous, owner):
    key = sign_in(anonymous, owner.email)
    client.force_login(owner)

    client.post("/logout/")

    assert with_token(anonymous, key).get(ME).status_code == 401


# -- expiry ------------------------------------------------------------------------------------


def test_a_token_unused_for_thirty_days_is_401(anonymous, owner):
    key = sign_in(anonymous, owner.email)
    TokenUse.objects.filter(token_id=key).update(last_used_at=timezone.now() - timedelta(days=31))

    response = with_token(anonymous, key).get(ME)

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_the_lifetime_is_configurable(anonymous, owner, settings):
    settings.TOKEN_TTL_DAYS = 7
    key = sign_in(anonymous, owner.email)
    TokenUse.objects.filter(token_id=key).update(last_used_at=timezone.now() - timedelta(days=8))

    assert with_token(anonymous, key).get(ME).status_code == 401


def test_using_a_token_keeps_it_alive(anonymous, owner):
    key = sign_in(anonymous, owner.email)
    TokenUse.objects.filter(token_id=key).update(last_used_at=timezone.now() - timedelta(days=29))

    assert with_token(anonymous, key).get(ME).status_code == 200

    assert timezone.now() - TokenUse.objects.get(token_id=key).last_used_at < timedelta(minutes=1)


def test_a_use_within_the_hour_writes_nothing(anonymous, owner):
    key = sign_in(anonymous, owner.email)
    api = with_token(anonymous, key)
    api.get(ME)
    recorded = TokenUse.objects.get(token_id=key).last_used_at

    api.get(ME)

    assert TokenUse.objects.get(token_id=key).last_used_at == recorded


def test_a_token_made_before_use_was_recorded_counts_from_its_creation(anonymous, owner):
    token = Token.objects.create(user=owner)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=40))

    assert with_token(anonymous, token.key).get(ME).status_code == 401


def test_signing_in_with_an_expired_token_on_file_gives_a_fresh_one(anonymous, owner):
    old = Token.objects.create(user=owner)
    Token.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=40))

    key = sign_in(anonymous, owner.email)

    assert key != old.key
    assert with_token(anonymous, key).get(ME).status_code == 200


# -- password change ---------------------------------------------------------------------------


def test_changing_the_password_on_the_api_revokes_the_old_token_and_gives_a_new_one(
    anonymous, owner
):
    old = sign_in(anonymous, owner.email)

    response = with_token(anonymous, old).post(
        "/api/v1/auth/password/",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 200
    assert with_token(anonymous, old).get(ME).status_code == 401
    assert with_token(anonymous, response.json()["token"]).get(ME).status_code == 200
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"old_password": "wrong", "new_password": NEW_PASSWORD}, "old_password"),
        ({"old_password": PASSWORD, "new_password": "123"}, "new_password"),
        ({"old_password": PASSWORD, "new_password": "password"}, "new_password"),
    ],
)
def test_a_bad_password_change_is_400_naming_the_field(api, owner, body, field):
    response = api(owner).post("/api/v1/auth/password/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_the_password_page_changes_it_and_ends_the_api_token(client, anonymous, owner):
    key = sign_in(anonymous, owner.email)
    client.force_login(owner)

    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert with_token(anonymous, key).get(ME).status_code == 401
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert client.get("/account/password/").status_code == 200  # this session stays


def test_the_password_page_needs_a_signed_in_person(client, db):
    assert client.get("/account/password/").status_code == 302


# -- password reset ------------------------------------------------------------------------------


def reset_link(message) -> tuple[str, str, str]:
    url = re.search(r"(http\S+/password-reset/([^/\s]+)/([^/\s]+)/)", message.body)
    return url.group(1), url.group(2), url.group(3)


def test_a_reset_request_answers_202_whether_or_not_the_account_exists(anonymous, owner):
    known = anonymous.post("/api/v1/auth/password-reset/", {"email": owner.email}, format="json")
    unknown = anonymous.post(
        "/api/v1/auth/password-reset/", {"email": "nobody@north.test"}, format="json"
    )

    assert (known.status_code, unknown.status_code) == (202, 202)
    assert known.json() == unknown.json()
    assert [m.to for m in mail.outbox] == [[owner.email]]


def test_the_reset_email_links_to_the_site_url(anonymous, owner, settings):
    settings.SITE_URL = "https://coach.example.test"

    anonymous.post("/api/v1/auth/password-reset/", {"email": owner.email}, format="json")

    url, _, _ = reset_link(mail.outbox[0])
    assert url.startswith("https://coach.example.test/password-reset/")
    assert mail.outbox[0].alternatives  # an html part too


def test_confirming_a_reset_on_the_api_sets_the_password_and_revokes_tokens(anonymous, owner):
    old = sign_in(anonymous, owner.email)
    anonymous.credentials()
    anonymous.post("/api/v1/auth/password-reset/", {"email": owner.email}, format="json")
    _, uid, token = reset_link(mail.outbox[0])

    response = anonymous.post(
        "/api/v1/auth/password-reset/confirm/",
        {"uid": uid, "token": token, "password": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 200
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert with_token(anonymous, old).get(ME).status_code == 401
    again = anonymous.post(
        "/api/v1/auth/password-reset/confirm/",
        {"uid": uid, "token": token, "password": "Yet-another-pass-789"},
        format="json",
    )
    assert again.status_code == 400  # a link works once


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"token": "set-by-nobody"}, "token"),
        ({"uid": "not-a-uid"}, "uid"),
        ({"uid": "OTk5OTk"}, "uid"),
        ({"password": "123"}, "password"),
    ],
)
def test_a_bad_reset_confirmation_is_400_naming_the_field(anonymous, owner, change, field):
    anonymous.post("/api/v1/auth/password-reset/", {"email": owner.email}, format="json")
    _, uid, token = reset_link(mail.outbox[0])

    response = anonymous.post(
        "/api/v1/auth/password-reset/confirm/",
        {"uid": uid, "token": token, "password": NEW_PASSWORD, **change},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_the_reset_pages_work_end_to_end(client, anonymous, owner):
    key = sign_in(anonymous, owner.email)
    response = client.post("/password-reset/", {"email": owner.email})
    assert response.status_code == 302
    url, _, _ = reset_link(mail.outbox[0])
    path = url.split("127.0.0.1:8000")[-1]

    form_page = client.get(path, follow=True)
    set_page = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert set_page.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert with_token(anonymous, key).get(ME).status_code == 401


def test_the_reset_page_says_the_same_for_an_unknown_email(client, db):
    response = client.post("/password-reset/", {"email": "nobody@north.test"})

    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    assert not mail.outbox


def test_the_login_page_links_to_the_reset_page(client, db):
    assert 'href="/password-reset/"' in client.get("/login/").content.decode()


def test_an_invitation_acceptance_and_a_registration_give_a_living_token(anonymous, db):
    response = anonymous.post(
        "/api/v1/auth/register/",
        {"email": "new@gym.test", "password": NEW_PASSWORD, "organization_name": "New Gym"},
        format="json",
    )

    key = response.json()["token"]
    assert TokenUse.objects.filter(token_id=key).exists()
    assert with_token(anonymous, key).get(ME).status_code == 200


def test_an_inactive_persons_token_is_refused(anonymous, db):
    person = UserFactory(email="gone@north.test")
    key = sign_in(anonymous, person.email)
    person.is_active = False
    person.save(update_fields=["is_active"])

    assert with_token(anonymous, key).get(ME).status_code == 401
