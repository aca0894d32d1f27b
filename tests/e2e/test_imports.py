"""A client brings their Strong history in on a phone: the unit question, then the summary."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from programs.models import SetLog
from tests.e2e.conftest import ARTIFACTS
from tests.factories import PASSWORD, ClientFactory, MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right >"
        " window.innerWidth + 1).map(e => e.tagName + '.' + e.className + ' ' +"
        " Math.round(e.getBoundingClientRect().right)).slice(0, 5)"
    )
    assert width <= page.viewport_size["width"], f"page is {width}px wide: {wide}"


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]
)
def test_a_client_imports_a_pound_file_choosing_the_unit_guessed(live_server, open_page, viewport):
    org = OrganizationFactory(slug="gym", time_zone="America/New_York")
    coach = MembershipFactory(organization=org, role="coach").user
    client = ClientFactory(organization=org, coach=coach, user__email="kim@gym.test")
    page = open_page(viewport)
    size = "phone" if viewport["width"] < 500 else "desktop"

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("kim@gym.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/o/gym/app/import/")
    page.get_by_label("Exported from").select_option("strong")
    page.get_by_label("CSV file").set_input_files(str(FIXTURES / "strong_no_weight_unit_lb.csv"))
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_text("Are the weights in this file in kilograms or pounds?")).to_be_visible()
    expect(page.get_by_label("Pounds (lb) — our guess")).to_be_checked()
    _shot(page, f"import-unit-{size}")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("heading", name="History imported")).to_be_visible()
    expect(page.get_by_text("Weights read in pounds")).to_be_visible()
    expect(page.get_by_text("Tue 1 Jun 2021, 06:00")).to_be_visible()
    _shot(page, f"import-summary-{size}")
    _no_sideways_scroll(page)
    squat = SetLog.unscoped.filter(log__client=client, exercise__name="Barbell Squat").first()
    assert float(squat.load_kg) == 61.23
