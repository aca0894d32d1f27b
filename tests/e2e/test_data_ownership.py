import json
import zipfile

import pytest
from playwright.sync_api import expect

from coaching.models import Client
from tests.factories import PASSWORD, ClientFactory, MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_client_downloads_their_data_then_deletes_it_on_a_phone(
    live_server, page, screenshot, tmp_path
):
    org = OrganizationFactory(slug="gym")
    coach = MembershipFactory(organization=org, role="coach").user
    ClientFactory(organization=org, coach=coach, user__email="kim@gym.test")
    ClientFactory(organization=org, coach=coach, user__email="lee@gym.test")

    page.set_viewport_size({"width": 360, "height": 780})
    log_in(page, live_server, "kim@gym.test")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    assert download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(path) as archive:
        assert json.loads(archive.read("manifest.json"))["kind"] == "client"
        clients = archive.read("clients.csv").decode()
    assert "kim@gym.test" in clients and "lee@gym.test" not in clients

    page.get_by_role("link", name="Delete my data").click()
    page.get_by_label("Your password, to confirm").fill(PASSWORD)
    screenshot("client-delete-my-data-phone")
    page.get_by_role("button", name="Delete my data").click()

    expect(page.get_by_text("Your data is deleted")).to_be_visible()
    log_in(page, live_server, "kim@gym.test")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()


def test_an_owner_deletes_a_clients_data_after_typing_delete(live_server, page):
    org = OrganizationFactory(slug="gym")
    MembershipFactory(organization=org, role="owner", user__email="boss@gym.test")
    client = ClientFactory(organization=org, user__email="kim@gym.test", user__name="Kim Park")

    log_in(page, live_server, "boss@gym.test")
    page.goto(f"{live_server.url}/o/gym/coach/clients/{client.pk}/")
    page.get_by_role("link", name="Delete client data").click()
    page.get_by_label("Type “delete” to confirm").fill("delete")
    page.get_by_role("button", name="Delete this client's personal data").click()

    expect(page.get_by_text("personal data is deleted")).to_be_visible()
    assert Client.unscoped.get(pk=client.pk).anonymized_at is not None
    page.goto(f"{live_server.url}/o/gym/coach/clients/?clients=all")
    expect(page.get_by_text("Kim Park")).to_have_count(0)
