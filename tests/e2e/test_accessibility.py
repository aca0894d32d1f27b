"""WCAG 2.1 AA, checked by a machine and by a keyboard (issue #16, section 6).

axe-core (bundled by axe-playwright-python) audits every page of the demo that each role can
reach by clicking, at a 390 px phone and a desktop, and fails on any serious or critical
violation. A keyboard alone logs a session and sends a check-in.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.test import Client as Browser
from playwright.sync_api import expect

from coaching.models import User
from programs.models import WorkoutLog
from tests.e2e.test_logging import plan_today
from tests.factories import PASSWORD, ClientFactory, MembershipFactory, OrganizationFactory
from tests.pages import crawl
from triage.models import CheckIn
from triage.views.client import SCALES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
DEMO_PASSWORD = "spotter-demo"
ROLES = {"owner": "owner@demo.test", "coach": "coach@demo.test", "client": "client@demo.test"}


def _paths_for(email: str) -> list[str]:
    """One page of each view this person can reach by clicking (the same template with other
    rows says nothing new to axe)."""
    browser = Browser()
    browser.force_login(User.objects.get(email=email))

    def fetch(path):
        response = browser.get(path, follow=True)
        return response.status_code, response.content.decode()

    return list(crawl(fetch, ["/o/demo/"], per_view=1))


def _log_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def _serious(page, axe: Axe) -> list[str]:
    results = axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['html'][:120]}"
        for violation in results.response["violations"]
        if violation["impact"] in FAILING_IMPACTS
        for node in violation["nodes"]
    ]


def test_no_page_of_the_demo_has_a_serious_accessibility_violation(live_server, open_page):
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", nights=2, stdout=quiet)
    axe = Axe()
    found: dict[str, list[str]] = {}
    audited = 0
    for role, email in ROLES.items():
        paths = _paths_for(email)
        assert len(paths) >= 8, (role, paths)
        for size, viewport in SIZES.items():
            page = open_page(viewport)
            _log_in(page, live_server.url, email, DEMO_PASSWORD)
            for path in paths:
                response = page.goto(live_server.url + path)
                assert response.status == 200, (role, path, response.status)
                audited += 1
                if violations := _serious(page, axe):
                    found[f"{role} {size} {path}"] = violations

    assert audited >= 60
    assert found == {}


def _tab_to(page, name: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element's accessible text starts with ``name``, checking on
    the way that nothing focused is off the screen (a hidden control must not take focus)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement; const r = e.getBoundingClientRect();
                 return { text: (e.getAttribute('aria-label') || e.innerText || e.value || '').trim(),
                          x: r.right + window.scrollX, width: r.width, height: r.height }; }"""
        )
        assert focused["x"] > 0 and focused["width"] > 0 and focused["height"] > 0, focused
        if focused["text"].startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_a_client_logs_a_session_and_checks_in_with_the_keyboard_alone(live_server, open_page):
    org = OrganizationFactory(slug="gym")
    coach = MembershipFactory(organization=org, role="coach").user
    client = ClientFactory(organization=org, coach=coach, user__email="kim@gym.test")
    plan_today(client)
    page = open_page(SIZES["phone"])
    page.goto(f"{live_server.url}/login/")
    page.keyboard.type("kim@gym.test")  # the email field has focus when the page opens
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Today: Lower body")).to_be_visible()
    status = page.locator("#log-status")
    expect(status).to_have_attribute("role", "status")  # there, empty, before anything is said
    _tab_to(page, "I can't train today")  # in view, like every control on the way
    page.keyboard.press("F5")  # back to the top of the page
    expect(page.get_by_role("heading", name="Today: Lower body")).to_be_visible()

    _tab_to(page, "Done: Barbell Squat set 1")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Done: Barbell Squat set 1")).to_have_attribute(
        "aria-pressed", "true"
    )
    _tab_to(page, "Done: Barbell Squat set 2")
    page.keyboard.press("Space")
    _tab_to(page, "Rest 1:30")
    page.keyboard.press("Enter")
    expect(page.locator("#rest-status")).to_have_text("Rest started: 1:30.")
    _tab_to(page, "Finish and save")
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Saved")
    assert WorkoutLog.unscoped.filter(client=client).count() == 1
    # Today's summary loads after the save; on SQLite the live server shares one connection, so
    # the next page waits for it rather than racing it.
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/o/gym/app/check-in/")
    _tab_to(page, "Send check-in")
    page.keyboard.press("Enter")  # nothing answered: the first answer to fix takes focus
    first = page.locator("form [aria-invalid='true']").first
    expect(first).to_be_focused()
    described = first.get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_be_visible()
    for _ in SCALES:  # each 1-5 answer: arrows move to 3 and choose it, Tab to the next
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
    _tab_to(page, "Send check-in")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thanks for checking in")).to_be_visible()
    assert CheckIn.unscoped.filter(client=client).count() == 1
