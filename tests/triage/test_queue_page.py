"""The coach's queue page: one card per client, resolved together or item by item with one
form, intakes and paused clients on top, a page of cards at a time; the hold's own button."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.models import Client, Intake
from tests.factories import ClientFactory, MembershipFactory
from triage.models import AutomationHold, ReviewItem
from triage.views.queue import INTAKES_SHOWN, QUEUE_PAGE_SIZE

pytestmark = pytest.mark.django_db

QUEUE = "/o/northside/coach/"


def open_item(client, *, level="yellow", kind="adherence_drop", due_in=24, text=None):
    now = timezone.now()
    return ReviewItem.unscoped.create(
        organization=client.organization,
        client=client,
        level=level,
        reason_kind=kind,
        reasons=[{"code": kind, "text": text or f"Reason {kind}."}],
        source="nightly",
        created_at=now - timedelta(hours=1),
        due_at=now + timedelta(hours=due_in),
        assigned_to=client.coach,
    )


def resolve_card(coach_page, client, chosen, htmx=True, **fields):
    data = {"resolution": "no_change", "message": "All good.", "items": [i.pk for i in chosen]}
    data.update(fields)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return coach_page.post(
        f"/o/northside/coach/queue/clients/{client.pk}/resolve/", data, **headers
    )


@pytest.fixture
def coach_page(client, coach):
    client.force_login(coach)
    return client


def test_the_queue_shows_one_card_per_client_with_every_reason(
    coach_page, org, coach, client_record
):
    open_item(client_record, kind="adherence_drop", text="Completed 2 of 8 sessions.")
    open_item(client_record, level="red", kind="chest_pain", due_in=1, text="Chest pain.")

    response = coach_page.get(QUEUE)

    (entry,) = response.context["cards"]
    assert entry["card"].level == "red"
    html = response.content.decode()
    assert html.count('class="queue-item') == 1
    assert html.index("Chest pain.") < html.index("Completed 2 of 8 sessions.")
    assert "Resolve (2 items)" in html


def test_the_clients_name_links_to_their_page(coach_page, org, client_record):
    open_item(client_record)

    html = coach_page.get(QUEUE).content.decode()

    name = client_record.user.display_name
    assert f'href="/o/northside/coach/clients/{client_record.pk}/">{name}</a>' in html


def test_intakes_to_review_sit_above_the_cards_as_a_short_list_with_their_count(
    coach_page, org, coach, client_record
):
    open_item(client_record)
    for n in range(INTAKES_SHOWN + 2):
        Intake.unscoped.create(
            organization=org,
            client=ClientFactory(organization=org, coach=coach, user__name=f"Intake {n}"),
            version=1,
            status="submitted",
            submitted_at=timezone.now() - timedelta(hours=n),
        )

    response = coach_page.get(QUEUE)

    html = response.content.decode()
    assert html.index("Intakes to review") < html.index('class="queue-item')
    assert len(response.context["intakes_to_review"]) == INTAKES_SHOWN
    assert f"Show all {INTAKES_SHOWN + 2} intakes" in html
    assert (
        len(coach_page.get(QUEUE + "?intakes=all").context["intakes_to_review"])
        == INTAKES_SHOWN + 2
    )


def test_a_paused_client_with_nothing_left_in_the_queue_is_listed_on_top(coach_page, org, coach):
    paused = ClientFactory(organization=org, coach=coach, user__name="Paula Paused")
    Client.unscoped.filter(pk=paused.pk).update(automation_hold=True)
    in_queue = ClientFactory(organization=org, coach=coach, user__name="Quinn Queued")
    Client.unscoped.filter(pk=in_queue.pk).update(automation_hold=True)
    open_item(in_queue)

    response = coach_page.get(QUEUE)

    assert [c.pk for c in response.context["paused_clients"]] == [paused.pk]
    assert f'href="/o/northside/coach/clients/{paused.pk}/">Paula Paused</a>' in (
        response.content.decode()
    )


def test_the_cards_come_a_page_at_a_time(coach_page, org, coach):
    for _ in range(QUEUE_PAGE_SIZE + 3):
        open_item(ClientFactory(organization=org, coach=coach))

    first, second = coach_page.get(QUEUE), coach_page.get(QUEUE + "?page=2")

    assert len(first.context["cards"]) == QUEUE_PAGE_SIZE
    assert len(second.context["cards"]) == 3
    assert "Less urgent" in first.content.decode()


def test_my_clients_is_the_default_and_the_whole_team_is_one_tap_away(coach_page, org, coach):
    other_coach = MembershipFactory(organization=org, role="coach").user
    open_item(ClientFactory(organization=org, coach=other_coach))

    assert coach_page.get(QUEUE).context["cards"] == []
    assert len(coach_page.get(QUEUE + "?clients=all").context["cards"]) == 1


def test_resolving_the_whole_card_swaps_it_for_a_line_saying_so(coach_page, org, client_record):
    items = [open_item(client_record, kind=kind) for kind in ("a", "b")]

    response = resolve_card(coach_page, client_record, items)

    assert response.status_code == 200
    assert b"Resolved 2 items" in response.content
    assert not ReviewItem.unscoped.filter(status="open").exists()


def test_resolving_some_of_a_cards_items_keeps_the_card_with_the_rest(
    coach_page, org, client_record
):
    first = open_item(client_record, kind="a", text="First reason.")
    second = open_item(client_record, kind="b", text="Second reason.")

    response = resolve_card(coach_page, client_record, [first])

    html = response.content.decode()
    assert response.status_code == 200
    assert "Resolved 1 item" in html
    assert f'id="client-{client_record.pk}"' in html
    assert "Second reason." in html and "First reason." not in html
    assert ReviewItem.unscoped.get(pk=second.pk).status == "open"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"resolution": ""}, "Choose how this was resolved."),
        ({"minutes_spent": "481"}, "less than or equal to 480"),
        ({"minutes_spent": "ten"}, "a whole number up to 480"),
        ({"items": []}, "Choose at least one item"),
        ({"message": "x" * 4001}, "at most 4000"),
    ],
)
def test_bad_input_redraws_the_card_with_what_to_fix_and_resolves_nothing(
    coach_page, org, client_record, fields, error
):
    items = [open_item(client_record, kind=kind) for kind in ("a", "b")]

    response = resolve_card(coach_page, client_record, items, **fields)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert ReviewItem.unscoped.filter(status="open").count() == 2


def test_an_item_of_another_client_is_refused_by_the_form(coach_page, org, coach, client_record):
    mine = open_item(client_record)
    theirs = open_item(ClientFactory(organization=org, coach=coach))

    response = resolve_card(coach_page, client_record, [mine, theirs])

    assert response.status_code == 400
    assert f"Not an open item of this client: {theirs.pk}" in response.content.decode()
    assert ReviewItem.unscoped.filter(status="open").count() == 2


def test_without_htmx_a_resolved_card_goes_back_to_the_queue_and_an_error_stands_alone(
    coach_page, org, client_record
):
    item = open_item(client_record)

    bad = resolve_card(coach_page, client_record, [item], htmx=False, resolution="")
    good = resolve_card(coach_page, client_record, [item], htmx=False)

    assert bad.status_code == 400
    assert b"Review " in bad.content and b"Choose how this was resolved." in bad.content
    assert (good.status_code, good.url) == (302, QUEUE)


def test_a_card_someone_else_just_cleared_says_so(coach_page, org, client_record):
    item = open_item(client_record)
    resolve_card(coach_page, client_record, [item])

    response = resolve_card(coach_page, client_record, [item])

    assert response.status_code == 409
    assert b"Someone already resolved" in response.content


def test_referring_a_red_card_out_keeps_the_hold_and_says_so(coach_page, api, org, client_record):
    api(client_record.user).post(
        f"/api/v1/orgs/northside/clients/{client_record.pk}/check-ins/",
        {
            "readiness": 3,
            "sleep_quality": 3,
            "soreness": 3,
            "fatigue": 3,
            "stress": 3,
            "mood": 3,
            "symptoms": ["chest_pain"],
        },
        format="json",
    )
    item = ReviewItem.unscoped.get()

    response = resolve_card(coach_page, client_record, [item], resolution="referred_out")

    assert b"Automation stays paused until a coach releases it" in response.content
    assert Client.unscoped.get(pk=client_record.pk).automation_hold


def test_a_held_clients_card_has_the_release_button(coach_page, org, client_record):
    Client.unscoped.filter(pk=client_record.pk).update(automation_hold=True)
    open_item(client_record)

    html = coach_page.get(QUEUE).content.decode()

    assert "Release automation hold" in html
    assert f'action="/o/northside/coach/clients/{client_record.pk}/hold/release/"' in html


def test_releasing_from_the_queue_records_the_note_and_goes_back(
    coach_page, org, coach, client_record
):
    Client.unscoped.filter(pk=client_record.pk).update(automation_hold=True)

    response = coach_page.post(
        f"/o/northside/coach/clients/{client_record.pk}/hold/release/",
        {"note": "Spoke to her: the GP cleared her.", "next": QUEUE + "?clients=all"},
    )

    assert (response.status_code, response.url) == (302, QUEUE + "?clients=all")
    hold = AutomationHold.unscoped.get()
    assert (hold.released_by, hold.release_note) == (coach, "Spoke to her: the GP cleared her.")
    assert not Client.unscoped.get(pk=client_record.pk).automation_hold


def test_releasing_never_sends_the_coach_to_another_site(coach_page, org, client_record):
    Client.unscoped.filter(pk=client_record.pk).update(automation_hold=True)

    response = coach_page.post(
        f"/o/northside/coach/clients/{client_record.pk}/hold/release/",
        {"note": "Cleared.", "next": "https://evil.example/"},
    )

    assert response.url == f"/o/northside/coach/clients/{client_record.pk}/"


def test_releasing_without_a_note_is_400_and_keeps_the_hold(coach_page, org, client_record):
    Client.unscoped.filter(pk=client_record.pk).update(automation_hold=True)

    response = coach_page.post(
        f"/o/northside/coach/clients/{client_record.pk}/hold/release/", {"note": " "}
    )

    assert response.status_code == 400
    assert b"Say why automation can resume." in response.content
    assert Client.unscoped.get(pk=client_record.pk).automation_hold


def test_the_client_page_shows_the_hold_its_button_and_who_released_it_why(
    coach_page, api, org, coach, client_record
):
    Client.unscoped.filter(pk=client_record.pk).update(automation_hold=True)
    url = f"/o/northside/coach/clients/{client_record.pk}/"
    assert "Release automation hold" in coach_page.get(url).content.decode()

    coach_page.post(f"{url}hold/release/", {"note": "Cardiologist letter received."})

    html = coach_page.get(url).content.decode()
    assert "Release automation hold" not in html
    assert "Cardiologist letter received." in html
    assert f"by {coach.display_name}" in html


def test_the_one_item_resolve_still_validates_with_the_form(coach_page, org, client_record):
    item = open_item(client_record)

    response = coach_page.post(
        f"/o/northside/coach/queue/{item.pk}/resolve/",
        {"resolution": "no_change", "message": "", "minutes_spent": "ten"},
    )

    assert response.status_code == 400
    assert b"a whole number up to 480" in response.content
    assert ReviewItem.unscoped.get().status == "open"


def test_a_red_card_offers_no_release_button_the_red_item_comes_first(
    coach_page, org, client_record
):
    Client.unscoped.filter(pk=client_record.pk).update(automation_hold=True)
    open_item(client_record, level="red", kind="chest_pain", due_in=1)

    queue_html = coach_page.get(QUEUE).content.decode()
    client_html = coach_page.get(f"/o/northside/coach/clients/{client_record.pk}/").content.decode()

    assert "Release automation hold" not in queue_html
    assert "Release automation hold" not in client_html
    assert "A red item is still open" in client_html
