"""Check-ins read at once: the red path, yellow reasons, the queue and its resolution."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching.models import Client, Notification
from programs.models import Recommendation
from tests.factories import ClientFactory, RecommendationFactory
from triage.models import CheckIn, CheckInQuestion, ReviewItem

pytestmark = pytest.mark.django_db

CALM = {"readiness": 4, "sleep_quality": 4, "soreness": 2, "fatigue": 2, "stress": 2, "mood": 4}


def url(org, client, suffix="check-ins/"):
    return f"/api/v1/orgs/{org.slug}/clients/{client.pk}/{suffix}"


def send(api, org, client_record, **answers):
    return api(client_record.user).post(url(org, client_record), {**CALM, **answers}, format="json")


def test_a_calm_check_in_is_green_and_opens_nothing(api, org, client_record):
    response = send(api, org, client_record, notes="Good week, legs a bit tired")

    assert response.status_code == 201
    body = response.json()
    assert (body["level"], body["reasons"]) == ("green", [])
    assert body["message_to_client"]
    assert not ReviewItem.unscoped.exists()


def test_chest_pain_is_red_with_an_open_item_a_hold_and_words_for_the_client(
    api, org, client_record, django_capture_on_commit_callbacks
):
    RecommendationFactory(
        organization=org,
        client=client_record,
        kind="progression",
        status="pending_review",
        rationale="add 2.5 kg",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = send(api, org, client_record, symptoms=["chest_pain"])

    body = response.json()
    assert response.status_code == 201
    assert body["level"] == "red"
    assert "medical" in body["message_to_client"].lower()
    item = ReviewItem.unscoped.get(client=client_record)
    assert (item.level, item.status, item.source) == ("red", "open", "checkin")
    assert (item.due_at - item.created_at).total_seconds() <= 3600
    assert Client.unscoped.get(pk=client_record.pk).automation_hold is True
    assert Recommendation.unscoped.get().status == "on_hold"
    assert Notification.unscoped.filter(user=client_record.coach).exists()
    assert mail.outbox and "Red flag" in mail.outbox[0].subject


def test_free_text_is_read_too(api, org, client_record):
    body = send(api, org, client_record, notes="nearly passed out on the rower yesterday").json()

    assert body["level"] == "red"


def test_negated_symptoms_in_text_are_not_red(api, org, client_record):
    body = send(api, org, client_record, notes="no chest pain, no dizziness, just tired").json()

    assert body["level"] != "red"


def test_asking_for_a_human_opens_a_client_request_item(api, org, client_record):
    send(api, org, client_record, wants_human_review=True)

    item = ReviewItem.unscoped.get()
    assert (item.level, item.source) == ("yellow", "client_request")


def test_a_repeat_adds_evidence_to_the_open_item_instead_of_a_new_row(api, org, client_record):
    send(api, org, client_record, symptoms=["dizziness"])
    send(api, org, client_record, symptoms=["dizziness"])

    item = ReviewItem.unscoped.get()
    assert len(item.evidence) == 2


def test_a_retried_check_in_with_the_same_uuid_is_not_saved_twice(api, org, client_record):
    uuid = "6f1c2b7e-3d2a-4c1e-9a7b-2f5d8e9c0a11"
    first = send(api, org, client_record, client_uuid=uuid, symptoms=["fainting"])
    second = send(api, org, client_record, client_uuid=uuid, symptoms=["fainting"])

    assert (first.status_code, second.status_code) == (201, 200)
    assert CheckIn.unscoped.count() == 1
    assert len(ReviewItem.unscoped.get().evidence) == 1


def test_a_check_in_is_saved_without_first_looking_its_uuid_up(api, org, client_record):
    # The uuid's uniqueness tells a retry apart (the test above): a lookup before every insert
    # would cost each check-in a query, and could miss a request saving the same uuid meanwhile.
    with CaptureQueriesContext(connection) as queries:
        response = send(api, org, client_record, client_uuid="9d2e7c1a-5b3f-4e8d-8a6c-1f0b2d3e4a55")

    assert response.status_code == 201
    statements = [q["sql"] for q in queries.captured_queries]
    insert = next(
        i for i, sql in enumerate(statements) if sql.startswith('INSERT INTO "triage_checkin"')
    )
    assert not any('FROM "triage_checkin"' in sql for sql in statements[:insert])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"readiness": 6}, "readiness"),
        ({"mood": 0}, "mood"),
        ({"symptoms": ["hiccups"]}, "symptoms"),
        ({"pain": {"area": "knee", "severity": 11, "new": True}}, "pain"),
        ({"sleep_hours": 30}, "sleep_hours"),
    ],
)
def test_bad_values_are_400_naming_the_field_and_nothing_is_saved(
    api, org, client_record, change, field
):
    response = send(api, org, client_record, **change)

    assert response.status_code == 400
    assert field in response.json()
    assert not CheckIn.unscoped.exists()


def test_a_coach_may_not_check_in_for_the_client(api, org, coach, client_record):
    response = api(coach).post(url(org, client_record), CALM, format="json")

    assert response.status_code == 403


def test_the_queue_puts_red_before_yellow(api, org, coach, client_record):

    other = ClientFactory(organization=org, coach=coach)
    send(api, org, client_record, wants_human_review=True)
    send(api, org, other, symptoms=["fainting"])

    results = api(coach).get(f"/api/v1/orgs/{org.slug}/review-queue/?status=open").json()["results"]

    assert [r["level"] for r in results] == ["red", "yellow"]
    assert set(results[0]) >= {
        "id",
        "client",
        "level",
        "reasons",
        "source",
        "created_at",
        "due_at",
        "status",
        "assigned_to",
    }


def test_the_red_path_ends_when_the_coach_resolves_and_the_hold_lifts(
    api, org, coach, client_record
):
    send(api, org, client_record, symptoms=["chest_pain"])
    item = ReviewItem.unscoped.get()

    response = api(coach).post(
        f"/api/v1/orgs/{org.slug}/review-queue/{item.pk}/resolve/",
        {"resolution": "false_alarm", "message": "Checked with your doctor: heartburn."},
        format="json",
    )

    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.status, item.resolution, item.resolved_by) == ("resolved", "false_alarm", coach)
    assert Client.unscoped.get(pk=client_record.pk).automation_hold is False
    assert Notification.unscoped.filter(user=client_record.user, text__contains="doctor").exists()


def test_a_red_item_referred_out_keeps_the_hold(api, org, coach, client_record):
    send(api, org, client_record, symptoms=["chest_pain"])
    item = ReviewItem.unscoped.get()

    response = api(coach).post(
        f"/api/v1/orgs/{org.slug}/review-queue/{item.pk}/resolve/",
        {"resolution": "referred_out", "message": "Please see your doctor before we train again."},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["resolution"] == "referred_out"
    assert Client.unscoped.get(pk=client_record.pk).automation_hold is True


def test_resolving_twice_is_409(api, org, coach, client_record):
    send(api, org, client_record, wants_human_review=True)
    item = ReviewItem.unscoped.get()
    body = {"resolution": "no_change", "message": "ok"}
    api(coach).post(f"/api/v1/orgs/{org.slug}/review-queue/{item.pk}/resolve/", body, format="json")

    response = api(coach).post(
        f"/api/v1/orgs/{org.slug}/review-queue/{item.pk}/resolve/", body, format="json"
    )

    assert response.status_code == 409


def test_a_bad_resolution_is_400_naming_it(api, org, coach, client_record):
    send(api, org, client_record, wants_human_review=True)
    item = ReviewItem.unscoped.get()

    response = api(coach).post(
        f"/api/v1/orgs/{org.slug}/review-queue/{item.pk}/resolve/",
        {"resolution": "shrug", "message": ""},
        format="json",
    )

    assert response.status_code == 400
    assert "resolution" in response.json()


def test_the_queue_runs_a_constant_number_of_queries(
    api, org, coach, django_assert_max_num_queries
):

    caller = api(coach)
    for _ in range(2):
        send(api, org, ClientFactory(organization=org, coach=coach), wants_human_review=True)
    with django_assert_max_num_queries(20) as few:
        caller.get(f"/api/v1/orgs/{org.slug}/review-queue/")
    first = len(few.captured_queries)  # read now: each request resets the query log
    for _ in range(10):
        send(api, org, ClientFactory(organization=org, coach=coach), wants_human_review=True)
    with django_assert_max_num_queries(first):
        caller.get(f"/api/v1/orgs/{org.slug}/review-queue/")


def test_the_coach_resolves_from_the_queue_page_with_htmx(client, api, org, coach, client_record):
    send(api, org, client_record, symptoms=["dizziness"])
    item = ReviewItem.unscoped.get()
    client.force_login(coach)
    page = client.get("/o/northside/coach/")
    assert b"Resolve" in page.content

    response = client.post(
        f"/o/northside/coach/queue/{item.pk}/resolve/",
        {"resolution": "false_alarm", "message": "Checked with you: stood up too fast."},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert b"Resolved" in response.content
    assert Client.unscoped.get(pk=client_record.pk).automation_hold is False


def test_the_client_checks_in_from_the_page_and_reads_what_happens_next(client, org, client_record):
    client.force_login(client_record.user)
    form = {key: "3" for key in CALM} | {
        "symptoms": ["fainting"],
        "notes": "",
        "client_uuid": "0b8f3a4e-8f9e-4b61-9a0e-6b1c1c0e4f11",
    }

    response = client.post("/o/northside/app/check-in/", form)
    result = client.get(response.url)

    assert b"Please read this now" in result.content
    history = client.get("/o/northside/app/history/")
    assert b"Waiting for your coach" in history.content


def test_the_check_in_page_names_a_missing_answer(client, org, client_record):
    client.force_login(client_record.user)

    response = client.post("/o/northside/app/check-in/", {"readiness": "3"})

    assert response.status_code == 400
    assert b"This field is required" in response.content
    assert not CheckIn.unscoped.exists()


def test_a_session_skipped_for_pain_opens_a_red_item_at_once(api, org, client_record):
    response = api(client_record.user).post(
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/workout-logs/",
        {
            "client_uuid": "7a1d6c3e-1111-4b2a-9c3d-5e6f7a8b9c0d",
            "performed_at": "2026-11-01T10:00:00Z",
            "status": "skipped",
            "skip_reason": "pain",
            "notes": "sharp pain in my lower back",
        },
        format="json",
    )

    assert response.status_code == 201
    item = ReviewItem.unscoped.get(client=client_record)
    assert (item.level, item.source) == ("red", "logging")
    assert Client.unscoped.get(pk=client_record.pk).automation_hold is True


def test_an_owner_adds_a_question_that_clients_answer_in_their_check_in(
    client, org, owner, client_record
):

    client.force_login(owner)
    client.post(
        "/o/northside/owner/check-in-questions/",
        {"text": "How many steps a day this week?", "kind": "text"},
    )
    question = CheckInQuestion.unscoped.get()
    client.force_login(client_record.user)
    assert b"How many steps a day this week?" in client.get("/o/northside/app/check-in/").content

    form = {key: "4" for key in CALM} | {f"question-{question.pk}": "about 8000", "notes": ""}
    client.post("/o/northside/app/check-in/", form)

    assert CheckIn.unscoped.get().extra_answers == {str(question.pk): "about 8000"}


def test_an_empty_question_is_refused_with_a_reason(client, org, owner):

    client.force_login(owner)

    response = client.post("/o/northside/owner/check-in-questions/", {"text": " "})

    assert response.status_code == 400
    assert not CheckInQuestion.unscoped.exists()
