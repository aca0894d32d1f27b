"""Message pages: the client's thread, the coach's view of it, the inbox, polling, unread counts
in the navigation, and what a tier without messaging shows instead."""

import re

import pytest
from django.test import Client as Browser

from coaching.models import Role
from messaging.models import Message, Thread
from tests.factories import (
    ClientFactory,
    MembershipFactory,
    SubscriptionFactory,
    TierFactory,
)
from tests.messaging.conftest import say

pytestmark = pytest.mark.django_db


def browser(user) -> Browser:
    page = Browser()
    page.force_login(user)
    return page


def nav_count(html: str) -> int:
    found = re.search(r'class="nav-count"[^>]*>(\d+)<', html)
    return int(found.group(1)) if found else 0


def test_the_client_sees_their_thread_and_the_promised_response_time(org, coach, client_record):
    SubscriptionFactory(client=client_record, tier=TierFactory(organization=org))
    say(client_record, coach, "coach", "How did the squats feel?")

    html = browser(client_record.user).get("/o/northside/app/messages/").content.decode()

    assert "How did the squats feel?" in html
    assert "Message object" not in html  # the thread never leaks into the page's notices
    assert "Your coach answers within 2 days" in html  # assisted hybrid: routine 48 h
    assert 'name="body"' in html


def test_a_client_on_a_tier_without_messaging_is_shown_how_to_reach_the_coach(
    org, coach, client_record
):
    tier = TierFactory(organization=org, service_model="ai_self_guided", features={})
    SubscriptionFactory(client=client_record, tier=tier)
    say(client_record, coach, "coach", "Saw your check-in: lighter week it is.")

    page = browser(client_record.user)
    html = page.get("/o/northside/app/messages/").content.decode()
    refused = page.post("/o/northside/app/messages/", {"body": "Can I message you?"})

    assert "Saw your check-in: lighter week it is." in html
    assert "doesn't include messaging" in html
    assert "/o/northside/app/check-in/" in html
    assert "/o/northside/app/plan/ask/" in html
    assert 'name="body"' not in html
    assert refused.status_code == 403
    assert Message.unscoped.count() == 1


def test_the_client_posts_a_message_and_is_sent_back_to_the_thread(org, client_record):
    response = browser(client_record.user).post(
        "/o/northside/app/messages/", {"body": "Back from holiday!"}
    )

    assert response.status_code == 302
    assert Message.unscoped.get().body == "Back from holiday!"


def test_a_blank_message_on_the_page_says_what_to_fix_and_saves_nothing(org, client_record):
    response = browser(client_record.user).post("/o/northside/app/messages/", {"body": "  "})

    assert response.status_code == 400
    assert "Write a message." in response.content.decode()
    assert not Message.unscoped.exists()


def test_a_blank_message_sent_with_htmx_answers_the_error_into_its_place(org, client_record):
    response = browser(client_record.user).post(
        "/o/northside/app/messages/", {"body": ""}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 400
    assert response["HX-Retarget"] == "#message-error"
    assert "Write a message." in response.content.decode()


def test_posting_with_htmx_answers_the_new_messages_and_the_next_poll(org, coach, client_record):
    earlier = say(client_record, coach, "coach", "Morning!")
    page = browser(client_record.user)

    response = page.post(
        "/o/northside/app/messages/",
        {"body": "Morning coach", "after": earlier.pk},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    mine = Message.unscoped.get(body="Morning coach")
    assert response.status_code == 200
    assert f'id="message-{mine.pk}"' in html
    assert f'id="message-{earlier.pk}"' not in html
    assert f"?after={mine.pk}" in html


def test_a_poll_with_nothing_new_answers_204(org, coach, client_record):
    message = say(client_record, coach, "coach", "Hi")

    response = browser(client_record.user).get(
        f"/o/northside/app/messages/poll/?after={message.pk}"
    )

    assert response.status_code == 204


def test_a_poll_brings_the_new_message_and_reads_it(org, coach, client_record):
    first = say(client_record, client_record.user, "client", "Question")
    answer = say(client_record, coach, "coach", "Answer")

    response = browser(client_record.user).get(f"/o/northside/app/messages/poll/?after={first.pk}")

    assert "Answer" in response.content.decode()
    assert Thread.unscoped.get().client_read_up_to == answer.pk


def test_the_clients_unread_count_shows_in_the_navigation_until_they_open_the_thread(
    org, coach, client_record
):
    say(client_record, coach, "coach", "One")
    say(client_record, coach, "coach", "Two")
    page = browser(client_record.user)

    before = page.get("/o/northside/app/history/").content.decode()
    page.get("/o/northside/app/messages/")
    after = page.get("/o/northside/app/history/").content.decode()

    assert nav_count(before) == 2
    assert nav_count(after) == 0


def test_a_coach_counts_unread_messages_of_their_own_clients(org, owner, coach, client_record):
    someone_elses = ClientFactory(organization=org, coach=owner)
    say(client_record, client_record.user, "client", "For my coach")
    say(someone_elses, someone_elses.user, "client", "For the owner")

    html = browser(coach).get("/o/northside/coach/messages/").content.decode()

    assert nav_count(html) == 1


def test_an_owner_also_counts_clients_who_have_no_coach(org, owner, coach):
    unassigned = ClientFactory(organization=org, coach=None)
    say(unassigned, unassigned.user, "client", "Anyone there?")

    assert nav_count(browser(owner).get("/o/northside/owner/team/").content.decode()) == 1
    assert nav_count(browser(coach).get("/o/northside/coach/clients/").content.decode()) == 0


def test_any_coach_of_the_team_reads_and_answers_a_clients_thread(org, client_record):
    colleague = MembershipFactory(organization=org, role=Role.COACH).user
    say(client_record, client_record.user, "client", "Shoulder twinge on bench")
    page = browser(colleague)

    html = page.get(f"/o/northside/coach/clients/{client_record.pk}/messages/").content.decode()
    page.post(f"/o/northside/coach/clients/{client_record.pk}/messages/", {"body": "On it"})

    assert "Shoulder twinge on bench" in html
    assert "Waiting for an answer since" in html
    reply = Message.unscoped.get(body="On it")
    assert (reply.author, reply.author_role) == (colleague, "coach")


def test_the_inbox_lists_my_clients_threads_with_their_unread_counts(org, coach, client_record):
    quiet = ClientFactory(organization=org, coach=coach, user__name="Quiet Quinn")
    say(quiet, coach, "coach", "Checking in")
    say(client_record, client_record.user, "client", "Need a hand")
    say(client_record, client_record.user, "client", "With deadlifts")

    html = browser(coach).get("/o/northside/coach/messages/").content.decode()

    assert html.index(client_record.user.display_name) < html.index("Quiet Quinn")
    assert 'aria-label="2 unread"' in html
    assert "With deadlifts" in html


def test_the_inbox_takes_the_same_queries_for_2_threads_as_for_30(
    org, coach, django_assert_max_num_queries
):
    page = browser(coach)
    clients = [ClientFactory(organization=org, coach=coach) for _ in range(30)]
    for client in clients[:2]:
        say(client, client.user, "client", "Hello")
    page.get("/o/northside/coach/messages/")
    with django_assert_max_num_queries(30) as few:
        page.get("/o/northside/coach/messages/")
    for client in clients[2:]:
        say(client, client.user, "client", "Hello")
        say(client, coach, "coach", "Hi")

    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page.get("/o/northside/coach/messages/").content.decode()
    assert html.count('class="inbox-row') == 30


def test_a_thread_page_takes_the_same_queries_for_2_messages_as_for_80(
    org, coach, client_record, django_assert_max_num_queries
):
    page = browser(coach)
    path = f"/o/northside/coach/clients/{client_record.pk}/messages/"
    say(client_record, client_record.user, "client", "One")
    say(client_record, coach, "coach", "Two")
    page.get(path)
    with django_assert_max_num_queries(40) as few:
        page.get(path)
    for n in range(78):
        say(
            client_record,
            client_record.user if n % 3 else coach,
            "client" if n % 3 else "coach",
            f"m{n}",
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        page.get(path)


def test_the_coachs_client_page_links_to_the_thread(org, coach, client_record):
    html = browser(coach).get(f"/o/northside/coach/clients/{client_record.pk}/").content.decode()

    assert f"/o/northside/coach/clients/{client_record.pk}/messages/" in html
