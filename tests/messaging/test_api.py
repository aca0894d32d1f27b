"""The messages API: a client's thread with their coaching team (CONTRACT.md, Messages)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.models import Role
from messaging.core.rules import MAX_BODY_CHARS
from messaging.models import Message, Thread
from tests.factories import (
    ClientFactory,
    MembershipFactory,
    MessageFactory,
    SubscriptionFactory,
    ThreadFactory,
    TierFactory,
)
from tests.messaging.conftest import say as post_message

pytestmark = pytest.mark.django_db


def url(org, client, suffix=""):
    return f"/api/v1/orgs/{org.slug}/clients/{client.pk}/messages/{suffix}"


def test_a_client_writes_to_their_coaching_team_and_gets_the_message_back(api, org, client_record):
    response = api(client_record.user).post(
        url(org, client_record), {"body": "  Knees felt great today!  "}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {
        "id",
        "author",
        "body",
        "attachments",
        "created_at",
        "read_by_client",
        "read_by_coach",
    }
    assert body["author"] == {
        "id": client_record.user.pk,
        "name": client_record.user.display_name,
        "role": "client",
    }
    assert (body["body"], body["attachments"]) == ("Knees felt great today!", [])
    assert (body["read_by_client"], body["read_by_coach"]) == (True, False)


def test_the_thread_lists_newest_last_for_the_client_and_every_coach_and_owner(
    api, org, owner, coach, client_record
):
    other_coach = MembershipFactory(organization=org, role=Role.COACH).user
    post_message(client_record, author=client_record.user, role="client", body="First")
    post_message(client_record, author=coach, role="coach", body="Second")
    post_message(client_record, author=client_record.user, role="client", body="Third")

    for person in (client_record.user, coach, other_coach, owner):
        response = api(person).get(url(org, client_record))
        assert response.status_code == 200, person
        assert [m["body"] for m in response.json()["results"]] == ["First", "Second", "Third"]
        assert response.json()["count"] == 3


def test_a_coachs_message_names_their_role(api, org, owner, client_record):
    post_message(client_record, author=owner, role="owner", body="Owner here")

    (message,) = api(client_record.user).get(url(org, client_record)).json()["results"]

    assert message["author"]["role"] == "owner"


def test_a_client_cannot_read_another_clients_thread(api, org, coach, client_record):
    other = ClientFactory(organization=org, coach=coach)
    MessageFactory(thread=ThreadFactory(client=other), body="Private")

    assert api(client_record.user).get(url(org, other)).status_code == 404
    assert api(client_record.user).post(url(org, other), {"body": "hi"}).status_code == 404
    assert api(client_record.user).post(url(org, other, "read/"), {"up_to": 1}).status_code == 404


def test_a_thread_nobody_wrote_in_is_empty_and_reading_it_creates_nothing(api, org, client_record):
    response = api(client_record.user).get(url(org, client_record))

    assert response.json()["results"] == []
    assert not Thread.unscoped.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "   \n "}, "body"),
        ({"body": "x" * (MAX_BODY_CHARS + 1)}, "body"),
        ({}, "body"),
        ({"body": "Look at my squat", "attachments": [{"kind": "video"}]}, "attachments"),
        ({"body": "Look", "attachments": "video.mp4"}, "attachments"),
    ],
)
def test_a_bad_message_is_a_400_naming_the_field_and_nothing_is_saved(
    api, org, client_record, payload, field
):
    response = api(client_record.user).post(url(org, client_record), payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Message.unscoped.exists()


def test_the_length_limit_is_said_in_the_error(api, org, client_record):
    response = api(client_record.user).post(
        url(org, client_record), {"body": "x" * (MAX_BODY_CHARS + 5)}, format="json"
    )

    assert str(MAX_BODY_CHARS) in response.json()["body"][0]


def test_a_client_whose_tier_has_no_messaging_cannot_write_but_their_coach_can(
    api, org, coach, client_record
):
    tier = TierFactory(organization=org, service_model="ai_self_guided", features={})
    SubscriptionFactory(client=client_record, tier=tier)

    refused = api(client_record.user).post(url(org, client_record), {"body": "Hi"}, format="json")
    answered = api(coach).post(url(org, client_record), {"body": "Hi Ana"}, format="json")

    assert refused.status_code == 403
    assert "check in" in refused.json()["detail"]
    assert answered.status_code == 201
    assert list(Message.unscoped.values_list("body", flat=True)) == ["Hi Ana"]


def test_a_client_whose_tier_has_messaging_may_write(api, org, client_record):
    SubscriptionFactory(client=client_record, tier=TierFactory(organization=org))

    response = api(client_record.user).post(url(org, client_record), {"body": "Hi"})

    assert response.status_code == 201


def test_since_a_message_id_lists_only_later_messages(api, org, coach, client_record):
    first = post_message(client_record, author=coach, role="coach", body="One")
    post_message(client_record, author=coach, role="coach", body="Two")

    response = api(client_record.user).get(url(org, client_record) + f"?since={first.pk}")

    assert [m["body"] for m in response.json()["results"]] == ["Two"]


def test_since_a_time_lists_only_later_messages(api, org, coach, client_record):
    now = timezone.now()
    post_message(client_record, author=coach, role="coach", body="Old", now=now - timedelta(days=3))
    post_message(client_record, author=coach, role="coach", body="New", now=now)

    since = (now - timedelta(days=1)).date().isoformat()
    response = api(client_record.user).get(url(org, client_record) + f"?since={since}")

    assert [m["body"] for m in response.json()["results"]] == ["New"]


def test_a_bad_since_is_a_400_naming_it(api, org, client_record):
    response = api(client_record.user).get(url(org, client_record) + "?since=yesterday")

    assert response.status_code == 400
    assert "since" in response.json()


def test_the_thread_is_paginated(api, org, coach, client_record):
    for n in range(5):
        post_message(client_record, author=coach, role="coach", body=f"Note {n}")

    body = api(client_record.user).get(url(org, client_record) + "?page_size=2&page=3").json()

    assert body["count"] == 5
    assert [m["body"] for m in body["results"]] == ["Note 4"]
    assert body["next"] is None and body["previous"]


def test_reading_up_to_a_message_marks_the_coachs_messages_read_by_the_client(
    api, org, coach, client_record
):
    first = post_message(client_record, author=coach, role="coach", body="One")
    post_message(client_record, author=coach, role="coach", body="Two")

    response = api(client_record.user).post(
        url(org, client_record, "read/"), {"up_to": first.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["unread"] == 1
    listed = api(coach).get(url(org, client_record)).json()["results"]
    assert [m["read_by_client"] for m in listed] == [True, False]


def test_a_coach_reading_marks_the_clients_messages_read_by_the_coach(
    api, org, owner, coach, client_record
):
    message = post_message(client_record, author=client_record.user, role="client", body="Hi")

    api(owner).post(url(org, client_record, "read/"), {"up_to": message.pk}, format="json")

    (listed,) = api(client_record.user).get(url(org, client_record)).json()["results"]
    assert listed["read_by_coach"] is True


def test_reading_never_goes_backwards(api, org, coach, client_record):
    first = post_message(client_record, author=coach, role="coach", body="One")
    second = post_message(client_record, author=coach, role="coach", body="Two")
    api(client_record.user).post(url(org, client_record, "read/"), {"up_to": second.pk})

    response = api(client_record.user).post(url(org, client_record, "read/"), {"up_to": first.pk})

    assert response.json() == {"read_up_to": second.pk, "unread": 0}


def test_reading_up_to_a_message_of_another_thread_is_a_400_naming_up_to(
    api, org, coach, client_record
):
    other = ClientFactory(organization=org, coach=coach)
    foreign = post_message(other, author=coach, role="coach", body="Theirs")
    post_message(client_record, author=coach, role="coach", body="Mine")

    response = api(client_record.user).post(
        url(org, client_record, "read/"), {"up_to": foreign.pk}, format="json"
    )

    assert response.status_code == 400
    assert "up_to" in response.json()


def test_listing_a_thread_takes_the_same_queries_for_3_messages_as_for_60(
    api, org, coach, client_record, django_assert_max_num_queries
):
    caller = api(coach)
    other_coach = MembershipFactory(organization=org, role=Role.COACH).user
    for n in range(3):
        post_message(client_record, author=other_coach, role="coach", body=f"n{n}")
    caller.get(url(org, client_record))  # warm the token
    with django_assert_max_num_queries(20) as few:
        caller.get(url(org, client_record))
    for n in range(57):
        post_message(
            client_record,
            author=coach if n % 2 else client_record.user,
            role="coach" if n % 2 else "client",
            body=f"m{n}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = caller.get(url(org, client_record) + "?page_size=100")
    assert response.json()["count"] == 60
