"""What a coach says elsewhere reaches the client's thread, where they can answer: the reply
when resolving a review item, and the decisions about their plan they should know of."""

import pytest
from django.test import Client as Browser
from django.utils import timezone

from messaging.models import Message
from tests.factories import MembershipFactory, RecommendationFactory, ReviewItemFactory
from tests.messaging.conftest import say
from triage.models import ReviewItem

pytestmark = pytest.mark.django_db


def open_item(org, client):
    return ReviewItemFactory(
        organization=org,
        client=client,
        level="yellow",
        reason_kind="human_requested",
        reasons=[{"code": "human_requested", "text": "Asked for a person"}],
        source="client_request",
        due_at=timezone.now(),
    )


def resolve(api, org, coach, item, message):
    return api(coach).post(
        f"/api/v1/orgs/{org.slug}/review-queue/{item.pk}/resolve/",
        {"resolution": "minor_change", "message": message},
        format="json",
    )


def test_resolving_with_a_message_posts_it_into_the_clients_thread(api, org, coach, client_record):
    item = open_item(org, client_record)

    resolve(api, org, coach, item, "Hi Chris, let's swap squats for leg press this week.")

    message = Message.unscoped.get()
    assert message.body == "Hi Chris, let's swap squats for leg press this week."
    assert (message.author, message.author_role) == (coach, "coach")
    assert (message.source, message.source_id) == ("review_reply", item.pk)
    assert message.thread.client == client_record


def test_the_client_reads_the_reply_in_their_thread_and_answers_it(api, org, coach, client_record):
    resolve(api, org, coach, open_item(org, client_record), "Rest the knee two days.")
    thread_url = f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/messages/"

    listed = api(client_record.user).get(thread_url).json()["results"]
    answer = api(client_record.user).post(thread_url, {"body": "Will do, thanks!"}, format="json")

    assert [m["body"] for m in listed] == ["Rest the knee two days."]
    assert answer.status_code == 201


def test_an_owner_resolving_is_named_as_the_owner(api, org, owner, client_record):
    resolve(api, org, owner, open_item(org, client_record), "Owner covering today.")

    assert Message.unscoped.get().author_role == "owner"


def test_resolving_without_a_message_posts_nothing(api, org, coach, client_record):
    resolve(api, org, coach, open_item(org, client_record), "")

    assert not Message.unscoped.exists()


def test_resolving_on_the_queue_page_posts_the_reply_too(org, coach, client_record):

    item = open_item(org, client_record)
    page = Browser()
    page.force_login(coach)

    page.post(
        f"/o/northside/coach/queue/{item.pk}/resolve/",
        {"resolution": "no_change", "message": "All good, keep going."},
    )

    assert Message.unscoped.get().body == "All good, keep going."


def test_a_reply_longer_than_a_message_may_be_is_refused_on_the_page(org, coach, client_record):

    item = open_item(org, client_record)
    page = Browser()
    page.force_login(coach)

    response = page.post(
        f"/o/northside/coach/queue/{item.pk}/resolve/",
        {"resolution": "no_change", "message": "x" * 5000},
    )

    assert response.status_code == 400
    assert ReviewItem.unscoped.get().status == "open"
    assert not Message.unscoped.exists()


def recommendation(org, client, **fields):
    return RecommendationFactory(
        organization=org,
        client=client,
        kind=fields.pop("kind", "deload"),
        status="pending_review",
        rationale=fields.pop("rationale", "Fatigue has been high for two weeks."),
        payload=fields.pop("payload", {"changes": []}),
        **fields,
    )


def decide(api, org, coach, rec, decision, notes=""):
    return api(coach).post(
        f"/api/v1/orgs/{org.slug}/recommendations/{rec.pk}/decision/",
        {"decision": decision, "notes": notes},
        format="json",
    )


def test_an_approved_change_is_told_to_the_client_with_why(api, org, coach, client_record):
    rec = recommendation(org, client_record)

    decide(api, org, coach, rec, "approve", "Enjoy the lighter week.")

    message = Message.unscoped.get()
    assert message.body.startswith("I approved a change to your plan (deload).")
    assert "Why: Fatigue has been high for two weeks." in message.body
    assert "Enjoy the lighter week." in message.body
    assert (message.source, message.source_id, message.author) == ("decision", rec.pk, coach)


def test_a_rejected_change_with_a_note_tells_the_client_why_nothing_changed(
    api, org, coach, client_record
):
    decide(api, org, coach, recommendation(org, client_record), "reject", "Busy week at work.")

    assert Message.unscoped.get().body == (
        "I kept your plan as it is instead of the proposed deload. Busy week at work."
    )


def test_a_rejected_change_without_a_note_is_not_news_to_the_client(api, org, coach, client_record):
    decide(api, org, coach, recommendation(org, client_record), "reject")

    assert not Message.unscoped.exists()


def test_a_colleague_deciding_is_the_author(api, org, client_record):
    colleague = MembershipFactory(organization=org, role="coach").user

    decide(api, org, colleague, recommendation(org, client_record), "approve")

    assert Message.unscoped.get().author == colleague


def test_deleting_a_client_blanks_their_thread_and_keeps_who_wrote_when(
    api, org, owner, coach, client_record
):

    say(client_record, client_record.user, "client", "My address is 1 High Street")
    say(client_record, coach, "coach", "Thanks Chris")

    api(owner).delete(f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/")

    rows = list(Message.unscoped.order_by("id").values_list("body", "author_role"))
    assert rows == [("", "client"), ("", "coach")]
