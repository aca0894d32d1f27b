"""One row per client: the by-client review queue (API and page), resolving a client's items at
once, and the automation hold a referral keeps until a coach releases it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.models import Client, Notification
from coaching.tenancy import tenant_scope
from programs.models import Recommendation
from tests.factories import (
    ClientFactory,
    MembershipFactory,
    RecommendationFactory,
    ReviewItemFactory,
)
from triage import queue
from triage.models import AutomationHold, ReviewItem

pytestmark = pytest.mark.django_db

CALM = {"readiness": 4, "sleep_quality": 4, "soreness": 2, "fatigue": 2, "stress": 2, "mood": 4}
BY_CLIENT = "/api/v1/orgs/northside/review-queue/by-client/"


def check_in(api, client, **answers):
    response = api(client.user).post(
        f"/api/v1/orgs/{client.organization.slug}/clients/{client.pk}/check-ins/",
        {**CALM, **answers},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response


def open_item(client, *, level="yellow", kind="adherence_drop", due_in=24, text=None, **fields):
    now = timezone.now()
    return ReviewItemFactory(
        organization=client.organization,
        client=client,
        level=level,
        reason_kind=kind,
        reasons=[{"code": kind, "text": text or f"{kind} reason"}],
        source=fields.pop("source", "nightly"),
        created_at=now - timedelta(hours=1),
        due_at=now + timedelta(hours=due_in),
        assigned_to=client.coach,
        **fields,
    )


def resolve_all(api, user, client, **body):
    return api(user).post(
        f"{BY_CLIENT}{client.pk}/resolve/",
        {"resolution": "no_change", "message": "", **body},
        format="json",
    )


def release(api, user, client, note="Cleared by her GP on Monday."):
    return api(user).post(
        f"/api/v1/orgs/northside/clients/{client.pk}/hold/release/", {"note": note}, format="json"
    )


def held(client) -> bool:
    return Client.unscoped.get(pk=client.pk).automation_hold


# --- The by-client list -------------------------------------------------------------------


def test_each_client_is_one_entry_with_all_their_reasons(api, org, coach, client_record):
    open_item(client_record, kind="adherence_drop", due_in=20)
    open_item(client_record, kind="recovery_decline", due_in=10)
    other = ClientFactory(organization=org, coach=coach)
    open_item(other, kind="inactive")

    body = api(coach).get(BY_CLIENT, {"status": "open"}).json()

    assert body["count"] == 2
    entry = next(e for e in body["results"] if e["client"]["id"] == client_record.pk)
    assert entry["client"]["name"] == client_record.user.display_name
    assert [r["code"] for r in entry["reasons"]] == ["recovery_decline", "adherence_drop"]
    assert len(entry["items"]) == 2
    assert {r["item"] for r in entry["reasons"]} == set(entry["items"])


def test_an_entry_has_the_highest_level_and_the_earliest_due_time(api, org, coach, client_record):
    late_yellow = open_item(client_record, kind="missed_sessions", due_in=-3)
    red = open_item(client_record, level="red", kind="chest_pain", due_in=1)

    (entry,) = api(coach).get(BY_CLIENT).json()["results"]

    assert entry["level"] == "red"
    assert entry["items"] == [red.pk, late_yellow.pk]
    assert entry["due_at"] == late_yellow.due_at.isoformat().replace("+00:00", "Z")
    assert entry["overdue"] is True


def test_entries_come_red_first_then_overdue_then_the_earliest_due(api, org, coach):
    def client_with(name, **item):
        client = ClientFactory(organization=org, coach=coach, user__name=name)
        open_item(client, **item)
        return client

    client_with("Yellow later", due_in=20)
    client_with("Yellow overdue", due_in=-2)
    client_with("Red", level="red", kind="chest_pain", due_in=1)
    client_with("Yellow sooner", due_in=3)

    names = [e["client"]["name"] for e in api(coach).get(BY_CLIENT).json()["results"]]

    assert names == ["Red", "Yellow overdue", "Yellow sooner", "Yellow later"]


def test_asking_for_the_coach_after_a_red_flag_joins_the_red_entry(api, org, coach, client_record):
    check_in(api, client_record, symptoms=["chest_pain"])
    for n in range(3):  # other clients' requests, due sooner than the ask would be alone
        open_item(ClientFactory(organization=org, coach=coach), kind="human_requested", due_in=n)

    check_in(api, client_record, wants_human_review=True, notes="What do I do about Saturday?")

    results = api(coach).get(BY_CLIENT).json()["results"]
    first = results[0]
    assert first["client"]["id"] == client_record.pk
    assert first["level"] == "red"
    assert [r["code"] for r in first["reasons"]][-1] == "human_requested"
    assert len(first["items"]) == 2
    assert [e["client"]["id"] for e in results].count(client_record.pk) == 1


def test_resolved_items_make_no_entry(api, org, coach, client_record):
    open_item(client_record, status="resolved", resolution="no_change")

    assert api(coach).get(BY_CLIENT).json()["count"] == 0


def test_mine_lists_only_the_callers_clients(api, org, coach, client_record):
    other_coach = MembershipFactory(organization=org, role="coach").user
    open_item(client_record)
    open_item(ClientFactory(organization=org, coach=other_coach))

    mine = api(coach).get(BY_CLIENT, {"clients": "mine"}).json()
    everyone = api(coach).get(BY_CLIENT).json()

    assert [e["client"]["id"] for e in mine["results"]] == [client_record.pk]
    assert everyone["count"] == 2


def test_the_list_is_paginated_by_client(api, org, coach):
    for _ in range(3):
        client = ClientFactory(organization=org, coach=coach)
        open_item(client, kind="a")
        open_item(client, kind="b")

    body = api(coach).get(BY_CLIENT, {"page_size": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


@pytest.mark.parametrize(("param", "value"), [("status", "resolved"), ("clients", "theirs")])
def test_a_bad_filter_is_400_naming_it(api, coach, param, value):
    response = api(coach).get(BY_CLIENT, {param: value})

    assert response.status_code == 400
    assert param in response.json()


def test_another_organizations_items_never_appear(api, org, other_org, coach, client_record):
    open_item(client_record)
    open_item(ClientFactory(organization=other_org))

    body = api(coach).get(BY_CLIENT).json()

    assert [e["client"]["id"] for e in body["results"]] == [client_record.pk]


def test_the_item_list_stays_one_row_per_item(api, org, coach, client_record):
    open_item(client_record, kind="a")
    open_item(client_record, kind="b")

    body = api(coach).get("/api/v1/orgs/northside/review-queue/", {"status": "open"}).json()

    assert body["count"] == 2
    assert {"id", "client", "level", "reasons", "source", "due_at"} <= set(body["results"][0])


# --- Resolving a client's items at once -------------------------------------------------


def test_resolving_a_client_closes_all_their_open_items_with_one_reply(
    api, org, coach, client_record
):
    items = [open_item(client_record, kind=kind) for kind in ("a", "b", "c")]
    untouched = open_item(ClientFactory(organization=org, coach=coach))

    response = resolve_all(api, coach, client_record, message="Thanks, plan stays.")

    assert response.status_code == 200
    body = response.json()
    assert body["client"]["id"] == client_record.pk
    assert sorted(i["id"] for i in body["items"]) == sorted(i.pk for i in items)
    resolved = ReviewItem.unscoped.filter(pk__in=[i.pk for i in items])
    assert resolved
    for item in resolved:
        assert (item.status, item.resolution, item.resolved_by) == ("resolved", "no_change", coach)
        assert item.message == "Thanks, plan stays."
    assert ReviewItem.unscoped.get(pk=untouched.pk).status == "open"
    assert Notification.unscoped.filter(user=client_record.user).count() == 1


def test_resolving_only_the_named_items_leaves_the_rest_open(api, org, coach, client_record):
    first, second = open_item(client_record, kind="a"), open_item(client_record, kind="b")

    response = resolve_all(api, coach, client_record, items=[second.pk])

    assert response.status_code == 200
    assert ReviewItem.unscoped.get(pk=first.pk).status == "open"
    assert ReviewItem.unscoped.get(pk=second.pk).status == "resolved"


def test_the_minutes_given_are_shared_among_the_items(api, org, coach, client_record):
    items = [open_item(client_record, kind=kind) for kind in ("a", "b", "c")]

    resolve_all(api, coach, client_record, minutes_spent=10)

    minutes = ReviewItem.unscoped.filter(pk__in=[i.pk for i in items]).values_list(
        "minutes_spent", flat=True
    )
    assert sorted(minutes) == [3, 3, 4]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"resolution": "shrug"}, "resolution"),
        ({"resolution": ""}, "resolution"),
        ({"message": "x" * 4001}, "message"),
        ({"minutes_spent": 481}, "minutes_spent"),
        ({"minutes_spent": -1}, "minutes_spent"),
        ({"items": "all"}, "items"),
        ({"items": []}, "items"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_resolves_nothing(
    api, org, coach, client_record, body, field
):
    item = open_item(client_record)

    response = resolve_all(api, coach, client_record, **body)

    assert response.status_code == 400
    assert field in response.json()
    assert ReviewItem.unscoped.get(pk=item.pk).status == "open"


def test_an_item_of_another_client_is_400_and_nothing_is_resolved(api, org, coach, client_record):
    mine = open_item(client_record)
    theirs = open_item(ClientFactory(organization=org, coach=coach))

    response = resolve_all(api, coach, client_record, items=[mine.pk, theirs.pk])

    assert response.status_code == 400
    assert str(theirs.pk) in response.json()["items"][0]
    assert ReviewItem.unscoped.filter(status="open").count() == 2


def test_a_client_with_nothing_open_is_409_so_a_retry_changes_nothing(
    api, org, coach, client_record
):
    open_item(client_record)
    assert resolve_all(api, coach, client_record, message="Done").status_code == 200

    retry = resolve_all(api, coach, client_record, message="Done")

    assert retry.status_code == 409
    assert Notification.unscoped.filter(user=client_record.user).count() == 1


def test_an_item_someone_resolved_a_moment_ago_makes_the_whole_call_409(
    api, org, coach, client_record
):

    first, second = open_item(client_record, kind="a"), open_item(client_record, kind="b")
    ReviewItem.unscoped.filter(pk=second.pk).update(status="resolved")

    with tenant_scope(org), pytest.raises(queue.AlreadyResolved):
        queue.resolve_items([first, second], resolution="no_change", message="", by=coach)

    assert ReviewItem.unscoped.get(pk=first.pk).status == "open"


def test_another_organizations_client_is_404(api, other_org, coach):
    theirs = ClientFactory(organization=other_org)
    open_item(theirs)

    response = resolve_all(api, coach, theirs)

    assert response.status_code == 404
    assert ReviewItem.unscoped.get(client=theirs).status == "open"


def test_a_client_may_not_resolve_their_own_items(api, client_record):
    open_item(client_record)

    assert resolve_all(api, client_record.user, client_record).status_code == 403


# --- The automation hold ------------------------------------------------------------------


@pytest.mark.parametrize("resolution", ["escalated", "referred_out"])
def test_resolving_red_as_escalated_or_referred_out_keeps_the_hold(
    api, org, coach, client_record, resolution
):
    check_in(api, client_record, symptoms=["chest_pain"])

    response = resolve_all(api, coach, client_record, resolution=resolution)

    assert response.json()["automation_hold"] is True
    assert held(client_record)
    hold = AutomationHold.unscoped.get(client=client_record)
    assert (hold.referred, hold.released_at) == (True, None)


@pytest.mark.parametrize("resolution", ["no_change", "minor_change", "false_alarm"])
def test_resolving_the_last_red_item_otherwise_lifts_the_hold_and_records_it(
    api, org, coach, client_record, resolution
):
    check_in(api, client_record, symptoms=["dizziness"])

    response = resolve_all(api, coach, client_record, resolution=resolution)

    assert response.json()["automation_hold"] is False
    assert not held(client_record)
    hold = AutomationHold.unscoped.get(client=client_record)
    assert (hold.released_by, hold.released_how) == (coach, "resolved")
    assert "last red item" in hold.release_note


def test_a_later_red_cleared_as_a_false_alarm_does_not_undo_a_referral(
    api, org, coach, client_record
):
    check_in(api, client_record, symptoms=["chest_pain"])
    resolve_all(api, coach, client_record, resolution="referred_out")
    check_in(api, client_record, symptoms=["dizziness"])

    resolve_all(api, coach, client_record, resolution="false_alarm")

    assert held(client_record)


def test_a_coach_releases_the_hold_saying_why_and_who_and_when_are_recorded(
    api, org, coach, client_record
):
    check_in(api, client_record, symptoms=["chest_pain"])
    resolve_all(api, coach, client_record, resolution="referred_out")
    RecommendationFactory(
        organization=org, client=client_record, kind="deload", status="on_hold", rationale="tired"
    )

    response = release(api, coach, client_record, note="  Cleared by her GP on Monday.  ")

    assert response.status_code == 200
    body = response.json()
    assert (body["released_by"], body["released_how"]) == (coach.pk, "coach")
    assert body["release_note"] == "Cleared by her GP on Monday."
    assert body["released_at"]
    assert "chest pain" in body["reason"]
    assert not held(client_record)
    assert Recommendation.unscoped.get().status == "pending_review"


@pytest.mark.parametrize("note", ["", "   "])
def test_releasing_without_a_note_is_400_naming_it(api, coach, client_record, note):
    Client.unscoped.filter(pk=client_record.pk).update(automation_hold=True)

    response = release(api, coach, client_record, note=note)

    assert response.status_code == 400
    assert "note" in response.json()
    assert held(client_record)


def test_releasing_a_client_who_is_not_on_hold_is_409(api, coach, client_record):
    response = release(api, coach, client_record)

    assert response.status_code == 409
    assert not AutomationHold.unscoped.exists()


def test_a_hold_placed_before_holds_were_recorded_is_released_and_recorded(
    api, coach, client_record
):
    Client.unscoped.filter(pk=client_record.pk).update(automation_hold=True)

    release(api, coach, client_record)

    hold = AutomationHold.unscoped.get(client=client_record)
    assert (hold.placed_at, hold.released_by, hold.released_how) == (None, coach, "coach")


def test_releasing_another_organizations_client_is_404(api, other_org, coach):
    theirs = ClientFactory(organization=other_org)
    Client.unscoped.filter(pk=theirs.pk).update(automation_hold=True)

    assert release(api, coach, theirs).status_code == 404
    assert held(theirs)


def test_a_second_red_flag_during_a_hold_records_one_hold(api, client_record):
    check_in(api, client_record, symptoms=["chest_pain"])
    check_in(api, client_record, symptoms=["fainting"])

    assert AutomationHold.unscoped.filter(client=client_record).count() == 1


def test_a_hold_is_not_released_while_a_red_item_is_open(api, coach, client_record):
    check_in(api, client_record, symptoms=["chest_pain"])

    response = release(api, coach, client_record)

    assert response.status_code == 409
    assert "red item is still open" in response.json()["detail"]
    assert held(client_record)
