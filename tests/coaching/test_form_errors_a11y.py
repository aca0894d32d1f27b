"""Errors are tied to their fields (WCAG 1.3.1, 3.3.1): a field with an error is marked invalid
and described by the error, whose id is on the page."""

import pytest

from tests.pages import missing_references

pytestmark = pytest.mark.django_db


def test_a_login_with_empty_fields_describes_each_field_by_an_error_on_the_page(client):
    response = client.post("/login/", {"username": "", "password": ""})

    html = response.content.decode()
    assert 'aria-describedby="id_username_error"' in html
    assert 'id="id_username_error"' in html
    assert 'aria-invalid="true"' in html
    assert missing_references(html) == []


def test_a_field_with_help_text_is_described_by_it(client, owner, org):
    client.force_login(owner)

    html = client.get("/account/password/").content.decode()

    assert missing_references(html) == []
    assert "_helptext" in html


def test_a_check_in_sent_empty_marks_each_missing_answer_and_says_why(client, client_user, org):
    client.force_login(client_user)

    response = client.post(f"/o/{org.slug}/app/check-in/", {"client_uuid": ""})

    html = response.content.decode()
    assert 'aria-invalid="true" aria-describedby="readiness-error"' in html
    assert 'id="readiness-error"' in html
    assert "document.querySelector('form [aria-invalid=\"true\"]')?.focus()" in html
    assert missing_references(html) == []
