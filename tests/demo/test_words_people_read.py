"""Every page of the demo, as each role, reads as words a person uses: no snake_case code and
no raw ISO date anywhere a client, coach or owner reads (issue #16, section 5); and its markup
keeps the structure assistive technology relies on (section 6): heading levels that do not
skip, button names that start with the words shown, and references to ids that exist.

The demo is seeded once for the module, inside a transaction rolled back at the end; the pages
are found by following the links each person can click (``tests/pages.py``), so a page added
later is scanned without anyone listing it.
"""

import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client as Browser

from coaching.models import User
from tests.pages import (
    crawl,
    developer_words,
    missing_references,
    names_not_starting_with_their_words,
    read_page,
    skipped_heading_levels,
)
from triage.models import CheckIn

ROLES = {
    "owner": "owner@demo.test",
    "coach": "coach@demo.test",
    "client": "client@demo.test",
    # The demo client whose check-in ticked chest pain: their result and history pages.
    "client with a red check-in": None,
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", nights=2, stdout=quiet)
        yield
        transaction.set_rollback(True)
    _CRAWLED.clear()


def _red_client_email() -> str:

    check_in = CheckIn.unscoped.filter(level="red").select_related("client__user").first()
    return check_in.client.user.email


_CRAWLED: dict[str, dict[str, str]] = {}


def _pages_as(email: str) -> dict[str, str]:
    """The pages this person reaches by clicking (read once per module)."""
    if email not in _CRAWLED:
        _CRAWLED[email] = _crawl_as(email)
    return _CRAWLED[email]


def _crawl_as(email: str) -> dict[str, str]:
    browser = Browser()
    browser.force_login(User.objects.get(email=email))

    def fetch(path: str) -> tuple[int, str]:
        response = browser.get(path, follow=True)
        return response.status_code, response.content.decode()

    # The missed-session email's link carries the day in ISO: the page says it in words.
    start = ["/o/demo/", "/o/demo/app/?missed=2026-12-03"]
    if email == _red_client_email():
        red = CheckIn.unscoped.filter(client__user__email=email, level="red").first()
        start.append(f"/o/demo/app/check-in/{red.pk}/")
    return crawl(fetch, start)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
def test_no_page_shows_a_code_or_an_iso_date(demo, role):
    email = ROLES[role] or _red_client_email()
    pages = _pages_as(email)

    found = {
        path: words
        for path, html in pages.items()
        if (words := sorted(set(developer_words(read_page(html)[0]))))
    }

    assert len(pages) >= 10, sorted(pages)
    assert found == {}


@pytest.mark.django_db
def test_a_client_reads_their_own_red_check_in_addressed_to_them(demo):
    pages = _pages_as(_red_client_email())

    text = "\n".join(read_page(html)[0] for html in pages.values())

    assert "You ticked chest pain" in text
    assert "The client" not in text


def _each_page(role: str, check) -> dict[str, list[str]]:
    pages = _pages_as(ROLES[role] or _red_client_email())
    return {path: problems for path, html in pages.items() if (problems := check(html))}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
def test_no_page_skips_a_heading_level(demo, role):
    assert _each_page(role, skipped_heading_levels) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
def test_every_buttons_spoken_name_starts_with_the_words_it_shows(demo, role):
    assert _each_page(role, names_not_starting_with_their_words) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
def test_every_aria_reference_names_an_id_on_the_page(demo, role):
    assert _each_page(role, missing_references) == {}
