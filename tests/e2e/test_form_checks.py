"""A client films a set and sends it from their phone; the coach, on theirs, opens it from the
client's messages, comments at a moment of the video, and the client reads the comment as a link
to that moment. The video is a small MP4 built byte by byte in the test (no binary in the repo)."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    ClientFactory,
    MembershipFactory,
    OrganizationFactory,
    SubscriptionFactory,
    TierFactory,
)
from tests.formchecks.builders import mp4

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def log_in(page, live_server, email):
    from tests.factories import PASSWORD

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_client_sends_a_form_check_video_and_the_coach_comments_at_a_moment(
    live_server, open_page
):
    org = OrganizationFactory(slug="gym", name="Gym")
    coach = MembershipFactory(
        organization=org, role="coach", user__email="coach@gym.test", user__name="Casey Coach"
    ).user
    ana = ClientFactory(
        organization=org, coach=coach, user__email="ana@gym.test", user__name="Ana Ruiz"
    )
    SubscriptionFactory(client=ana, tier=TierFactory(organization=org, name="Hybrid"))
    video = mp4(14.0, mdat_bytes=2048)

    client_page = open_page(PHONE)
    log_in(client_page, live_server, "ana@gym.test")
    client_page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("^Messages")
    ).click()
    client_page.get_by_role("link", name="Send a form-check video or photo").click()
    client_page.get_by_label("Video or photo").set_input_files(
        {"name": "squat.mp4", "mimeType": "video/mp4", "buffer": video}
    )
    client_page.get_by_label("What should your coach look at?").fill("Do my knees cave?")
    expect(client_page.get_by_label("Send it to my coach in messages")).to_be_checked()
    client_page.get_by_role("button", name="Send form check").click()

    expect(client_page.get_by_role("heading", name="Form-check video")).to_be_visible()
    expect(client_page.get_by_text("0:14")).to_be_visible()
    expect(client_page.locator("video#form-video")).to_have_attribute(
        "src", re.compile(r"/api/v1/orgs/gym/clients/\d+/form-checks/\d+/file/")
    )

    coach_page = open_page(PHONE)
    log_in(coach_page, live_server, "coach@gym.test")
    coach_page.goto(f"{live_server.url}/o/gym/coach/clients/{ana.pk}/messages/")
    expect(coach_page.get_by_role("log")).to_contain_text("Do my knees cave?")
    coach_page.get_by_role("link", name=re.compile("Form-check video · 0:14")).click()
    expect(coach_page.get_by_role("heading", name="Form-check video")).to_be_visible()

    # The player's request is authorized and answered in parts, as players ask.
    src = coach_page.locator("video#form-video").get_attribute("src")
    answer = coach_page.evaluate(
        """async (src) => {
            const r = await fetch(src, { headers: { Range: "bytes=0-7" } });
            return { status: r.status, size: (await r.arrayBuffer()).byteLength,
                     type: r.headers.get("content-type") };
        }""",
        src,
    )
    assert answer == {"status": 206, "size": 8, "type": "video/mp4"}

    coach_page.get_by_label(re.compile("^At")).fill("0:03")
    coach_page.get_by_label("Your comment").fill("Here: push the knees out over the toes.")
    coach_page.get_by_role("button", name="Add comment").click()
    expect(coach_page.get_by_role("link", name="Play from 0:03")).to_be_visible()
    coach_page.screenshot(path="test-artifacts/form-check-coach-phone.png", full_page=True)
    coach_page.set_viewport_size({"width": 1280, "height": 800})
    coach_page.get_by_role("link", name="← Form checks").click()
    expect(coach_page.get_by_role("link", name="▶ Video · 0:14")).to_be_visible()
    coach_page.screenshot(path="test-artifacts/form-checks-coach-desktop.png", full_page=True)

    client_page.reload()
    expect(client_page.get_by_text("Here: push the knees out over the toes.")).to_be_visible()
    expect(client_page.get_by_role("link", name="Play from 0:03")).to_have_attribute(
        "data-seconds", "3.0"
    )
    client_page.screenshot(path="test-artifacts/form-check-client-phone.png", full_page=True)

    # Someone signed out, or another client, gets nothing at the file's address.
    outsider_page = open_page(PHONE)
    status = outsider_page.goto(f"{live_server.url}{src}").status
    assert status == 401
