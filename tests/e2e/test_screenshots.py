"""Every home and the pages around it, on a phone (360×740) and a desktop (1280×800), with a
realistic business behind them. Screenshots land in ``test-artifacts/screenshots/`` for people to
look at; the test asserts that each page says what it is for and that nothing on a phone needs
sideways scrolling."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coaching.models import Notification
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.world import DESKTOP, PHONE, build_world, log_in
from triage.models import ReviewItem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def _answered_flag(world) -> None:
    """Li's history has a flag her coach already answered."""
    now = timezone.now()
    text = "Hi Li, your recent sessions say your body could use an easier week."
    ReviewItem.unscoped.create(
        organization=world.org,
        client=world.li,
        level="yellow",
        reason_kind="low_readiness",
        reasons=[{"code": "low_readiness", "text": "Readiness 2/5 for two weeks running."}],
        source="checkin",
        created_at=now - timedelta(days=6),
        due_at=now - timedelta(days=5),
        status="resolved",
        resolution="minor_change",
        message=text,
        resolved_by=world.coach,
        resolved_at=now - timedelta(days=5, hours=2),
        assigned_to=world.coach,
    )
    Notification.unscoped.create(
        organization=world.org, user=world.li.user, text=f"Your coach replied: {text}"
    )


@pytest.mark.parametrize("viewport_name", ["phone", "desktop"])
def test_every_home_reads_well_and_fits_the_screen(live_server, open_page, viewport_name):
    viewport = {"phone": PHONE, "desktop": DESKTOP}[viewport_name]
    world = build_world(with_red=True)
    _answered_flag(world)
    base = f"{live_server.url}/o/ironside"
    pages = [
        ("li@ironside.test", "client-today", "/app/", "Today: Lower body"),
        ("li@ironside.test", "client-check-in", "/app/check-in/", "Weekly check-in"),
        ("li@ironside.test", "client-plan", "/app/plan/", "reviewed by Casey Coach"),
        ("li@ironside.test", "client-history", "/app/history/", "Casey Coach replied"),
        ("li@ironside.test", "client-settings", "/app/settings/", "Time zone"),
        ("casey@ironside.test", "coach-queue", "/coach/", "Sam Lee"),
        ("casey@ironside.test", "coach-clients", "/coach/clients/", "Chloé Martin"),
        (
            "casey@ironside.test",
            "coach-client",
            f"/coach/clients/{world.li.pk}/",
            "fatigue averaged",
        ),
        ("olivia@ironside.test", "owner-home", "/owner/", "monthly recurring revenue"),
        ("olivia@ironside.test", "owner-tiers", "/owner/tiers/", "Premium"),
        # Beyond the homes: the other lists that turn into cards on a phone.
        ("casey@ironside.test", "coach-changes", "/coach/recommendations/", "Deload"),
        ("olivia@ironside.test", "owner-team", "/owner/team/", "Jo Marsh"),
        ("olivia@ironside.test", "owner-subscriptions", "/owner/subscriptions/", "Chloé Martin"),
        ("olivia@ironside.test", "owner-escalation", "/owner/escalation/", "Escalation rules"),
    ]
    browsers, overflowing = {}, []
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    for email, name, path, words in pages:
        if email not in browsers:
            browsers[email] = open_page(viewport)
            log_in(browsers[email], live_server, email)
        page = browsers[email]
        response = page.goto(base + path)
        assert response.status == 200, f"{name}: {response.status}"
        expect(page.locator("#main")).to_contain_text(words)
        page.screenshot(
            path=str(ARTIFACTS / "screenshots" / f"{name}-{viewport_name}.png"), full_page=True
        )
        excess = page.evaluate(OVERFLOW)
        if excess > 0:
            overflowing.append(f"{name} is {excess}px wider than the screen")

    assert overflowing == []
