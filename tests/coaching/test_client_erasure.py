"""Deleting a client: personal data goes, numbers stay, access ends, nothing half-done."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client as PageClient
from django.utils import timezone

from billing import gateway
from billing.models import ManualPayment, Subscription
from coaching.models import Client, Intake, Invitation, Membership, Notification
from coaching.tenancy import tenant_scope
from programs.models import Prescription, Program, Recommendation, SetLog, WorkoutLog
from reporting.metrics import compute_metrics
from tests.factories import (
    PASSWORD,
    CheckInFactory,
    ClientFactory,
    ExerciseFactory,
    HabitCheckFactory,
    HabitFactory,
    IntakeFactory,
    InvitationFactory,
    MembershipFactory,
    RecommendationFactory,
    ReviewItemFactory,
    SubscriptionFactory,
    build_history,
)
from triage.models import AdherenceScore, CheckIn, Habit, HabitCheck, ReviewItem

pytestmark = pytest.mark.django_db

User = get_user_model()


def url(org, client):
    return f"/api/v1/orgs/{org.slug}/clients/{client.pk}/"


@pytest.fixture
def history(org, coach, client_record):
    """A client with a plan, logs, check-ins, scores, decisions, a subscription and free text."""
    client_record.user.name = "Anna Lindqvist"
    client_record.user.save(update_fields=["name"])
    today = timezone.localdate()
    exercise = ExerciseFactory(key="back-squat", name="Back Squat")
    program = build_history(client_record, days=28, today=today, exercise=exercise)
    program.rationale = [{"topic": "injury", "text": "Anna's knee"}]
    program.save(update_fields=["rationale"])
    week = program.weeks.first()
    workout = week.workouts.first()
    Prescription.unscoped.create(
        organization=org,
        workout=workout,
        exercise=exercise,
        order=1,
        sets=3,
        reps_min=5,
        reps_max=8,
        notes="mind Anna's left knee",
    )
    WorkoutLog.unscoped.create(
        organization=org,
        client=client_record,
        client_uuid=uuid.uuid4(),
        performed_at=timezone.now() - timedelta(days=1),
        status="skipped",
        skip_reason="illness",
        notes="flu from my daughter's school",
        created_by=client_record.user,
    )
    IntakeFactory(
        organization=org,
        client=client_record,
        version=1,
        status="approved",
        goals=["strength"],
        goal_notes="wedding in June",
        health_notes="asthma",
        preferences="no burpees",
        constraints="night shifts",
        review_notes="Anna seems keen",
        injuries=[{"area": "knee", "notes": "ACL 2019", "current": False}],
        segment_reasons=[{"code": "injury_history", "text": "Anna had an ACL repair"}],
        sessions_per_week=3,
        age_years=34,
        submitted_by=client_record.user,
    )
    check_in = CheckInFactory(
        organization=org,
        client=client_record,
        readiness=2,
        sleep_quality=2,
        soreness=4,
        fatigue=4,
        stress=5,
        mood=2,
        notes="chest felt tight on the stairs",
        extra_answers={"1": "4", "2": "my boss yelled at me"},
        level="red",
        reasons=[{"code": "chest_pain", "text": "quoted", "words": "chest felt tight"}],
        message_to_client="Anna, please call your doctor now",
    )
    ReviewItemFactory(
        organization=org,
        client=client_record,
        level="red",
        reason_kind="chest_pain",
        reasons=[{"code": "chest_pain", "text": "Chest pain: 'chest felt tight'"}],
        evidence=[
            {
                "at": "2026-01-01",
                "source": "checkin",
                "reasons": [{"code": "chest_pain", "text": "chest felt tight"}],
            }
        ],
        source="checkin",
        check_in=check_in,
        due_at=timezone.now() - timedelta(hours=1),
        status="resolved",
        resolution="referred_out",
        message="Anna, see your GP before training",
        resolved_by=coach,
        resolved_at=timezone.now() - timedelta(hours=2),
    )
    RecommendationFactory(
        organization=org,
        client=client_record,
        kind="deload",
        status="approved",
        rationale="Anna's readiness dropped",
        decision_notes="Talked to Anna on the phone",
        decided_by=coach,
        decided_at=timezone.now(),
    )
    AdherenceScore.unscoped.create(
        organization=org, client=client_record, date=today, level="yellow", completion_28d=0.5
    )
    subscription = SubscriptionFactory(
        client=client_record,
        status="active",
        stripe_customer_id="cus_123",
        stripe_subscription_id="",
        last_payment_error="card of Anna Lindqvist declined",
    )
    ManualPayment.unscoped.create(
        organization=org,
        subscription=subscription,
        amount=79,
        currency="usd",
        period_end=timezone.now() + timedelta(days=30),
        note="cash from Anna",
    )
    Notification.unscoped.create(
        organization=org, user=coach, text="Red flag for Anna Lindqvist: chest pain", url="/x/"
    )
    Notification.unscoped.create(
        organization=org, user=client_record.user, text="Your coach replied: see your GP"
    )
    InvitationFactory(organization=org, email="client@north.test")
    return client_record


def counts(client):
    return {
        "logs": WorkoutLog.unscoped.filter(client=client).count(),
        "sets": SetLog.unscoped.filter(log__client=client).count(),
        "check_ins": CheckIn.unscoped.filter(client=client).count(),
        "scores": AdherenceScore.unscoped.filter(client=client).count(),
        "review_items": ReviewItem.unscoped.filter(client=client).count(),
        "recommendations": Recommendation.unscoped.filter(client=client).count(),
        "intakes": Intake.unscoped.filter(client=client).count(),
    }


def test_the_owner_deletes_a_client(api, org, owner, history):
    response = api(owner).delete(url(org, history))

    assert response.status_code == 204
    client = Client.unscoped.select_related("user").get(pk=history.pk)
    assert client.anonymized_at is not None
    assert client.status == "archived"


def test_the_name_becomes_deleted_client_and_a_short_hash(api, org, owner, history):
    api(owner).delete(url(org, history))

    user = Client.unscoped.select_related("user").get(pk=history.pk).user
    assert user.name.startswith("Deleted client ")
    assert len(user.name.removeprefix("Deleted client ")) == 8
    assert user.email != "client@north.test"
    assert user.email.endswith("@deleted.invalid")


def test_the_client_list_shows_the_deleted_name(api, org, owner, history):
    api(owner).delete(url(org, history))

    body = api(owner).get(f"/api/v1/orgs/{org.slug}/clients/{history.pk}/").json()

    assert body["name"].startswith("Deleted client ")
    assert "north.test" not in body["email"]
    assert body["anonymized_at"] is not None
    assert body["status"] == "archived"


def test_intake_free_text_is_blanked_and_its_numbers_kept(api, org, owner, history):
    api(owner).delete(url(org, history))

    intake = Intake.unscoped.get(client=history)
    for field in ("goal_notes", "health_notes", "preferences", "constraints", "review_notes"):
        assert getattr(intake, field) == "", field
    assert intake.injuries == [{"area": "knee", "current": False}]
    assert intake.segment_reasons == [{"code": "injury_history"}]
    assert intake.goals == ["strength"]
    assert intake.sessions_per_week == 3
    assert intake.age_years == 34


def test_check_in_notes_words_and_messages_are_blanked_and_scales_kept(api, org, owner, history):
    api(owner).delete(url(org, history))

    check_in = CheckIn.unscoped.filter(client=history, level="red").get()
    assert check_in.notes == ""
    assert check_in.message_to_client == ""
    assert check_in.extra_answers == {"1": 4}
    assert check_in.reasons == [{"code": "chest_pain"}]
    assert (check_in.readiness, check_in.stress, check_in.level) == (2, 5, "red")


def test_review_replies_and_quoted_evidence_are_blanked_and_timings_kept(api, org, owner, history):
    item = ReviewItem.unscoped.get(client=history)

    api(owner).delete(url(org, history))

    after = ReviewItem.unscoped.get(pk=item.pk)
    assert after.message == ""
    assert after.reasons == [{"code": "chest_pain"}]
    assert after.evidence == [
        {"at": "2026-01-01", "source": "checkin", "reasons": [{"code": "chest_pain"}]}
    ]
    assert (after.resolution, after.due_at, after.resolved_at) == (
        item.resolution,
        item.due_at,
        item.resolved_at,
    )


def test_training_notes_and_decision_text_are_blanked(api, org, owner, history):
    api(owner).delete(url(org, history))

    assert set(WorkoutLog.unscoped.filter(client=history).values_list("notes", flat=True)) == {""}
    assert set(
        Prescription.unscoped.filter(workout__client=history).values_list("notes", flat=True)
    ) == {""}
    assert Program.unscoped.get(client=history).rationale == []
    recommendation = Recommendation.unscoped.get(client=history)
    assert (recommendation.rationale, recommendation.decision_notes) == ("", "")
    assert recommendation.status == "approved"


def test_numbers_and_dates_of_logs_are_kept(api, org, owner, history):
    skipped = WorkoutLog.unscoped.get(client=history, status="skipped")
    loads = sorted(SetLog.unscoped.filter(log__client=history).values_list("load_kg", flat=True))

    api(owner).delete(url(org, history))

    after = WorkoutLog.unscoped.get(pk=skipped.pk)
    assert (after.performed_at, after.skip_reason) == (skipped.performed_at, "illness")
    assert (
        sorted(SetLog.unscoped.filter(log__client=history).values_list("load_kg", flat=True))
        == loads
    )


def test_counts_of_every_kind_of_record_are_unchanged(api, org, owner, history):
    before = counts(history)

    api(owner).delete(url(org, history))

    assert counts(history) == before


def test_the_business_figures_that_describe_the_past_are_unchanged(api, org, owner, coach, history):

    with tenant_scope(org):
        before = compute_metrics(org)

    api(owner).delete(url(org, history))

    with tenant_scope(org):
        after = compute_metrics(org)
    for figure in ("sla_met_rate", "sla_met_rate_red", "open_reviews"):
        assert after[figure] == before[figure], figure


def test_billing_identifiers_are_dropped_and_the_subscription_ends(api, org, owner, history):
    api(owner).delete(url(org, history))

    subscription = Subscription.unscoped.get(client=history)
    assert subscription.stripe_customer_id == ""
    assert subscription.last_payment_error == ""
    assert subscription.status == "canceled"
    assert subscription.price_charged == 79
    assert ManualPayment.unscoped.get(subscription=subscription).note == ""


def test_a_stripe_subscription_is_cancelled_at_stripe(api, org, owner, history, monkeypatch):
    Subscription.unscoped.filter(client=history).update(stripe_subscription_id="sub_123")
    cancelled = []
    monkeypatch.setattr(gateway, "cancel_subscription", cancelled.append)

    assert api(owner).delete(url(org, history)).status_code == 204

    assert cancelled == ["sub_123"]
    assert Subscription.unscoped.get(client=history).stripe_subscription_id == ""


def test_when_stripe_cannot_cancel_nothing_is_deleted(api, org, owner, history, monkeypatch):
    Subscription.unscoped.filter(client=history).update(stripe_subscription_id="sub_123")

    def refuse(subscription_id):
        raise gateway.ProviderError("Stripe is down")

    monkeypatch.setattr(gateway, "cancel_subscription", refuse)

    response = api(owner).delete(url(org, history))

    assert response.status_code == 409
    assert "Stripe" in response.json()["detail"]
    client = Client.unscoped.select_related("user").get(pk=history.pk)
    assert client.anonymized_at is None
    assert client.user.email == "client@north.test"
    assert CheckIn.unscoped.filter(client=history, notes__contains="chest").exists()
    assert Membership.unscoped.filter(organization=org, user=history.user).exists()


def test_invitations_for_the_client_are_deleted(api, org, owner, history):
    api(owner).delete(url(org, history))

    assert not Invitation.unscoped.filter(email="client@north.test").exists()


def test_the_clients_own_notices_go_and_coach_notices_no_longer_name_them(
    api, org, owner, coach, history
):
    api(owner).delete(url(org, history))

    texts = list(Notification.unscoped.values_list("text", flat=True))
    assert not any("Anna" in text for text in texts)
    assert not any("see your GP" in text for text in texts)
    coach_notice = Notification.unscoped.get(user=coach)
    assert coach_notice.text.startswith("Red flag for Deleted client ")


def test_the_former_client_can_no_longer_log_in(api, org, owner, history):
    api(owner).delete(url(org, history))

    browser = PageClient()
    assert not browser.login(username="client@north.test", password=PASSWORD)
    token_response = api().post(
        "/api/v1/auth/token/", {"email": "client@north.test", "password": PASSWORD}
    )
    assert token_response.status_code == 400
    user = User.objects.get(pk=history.user_id)
    assert not user.is_active
    assert not user.has_usable_password()


def test_the_former_clients_old_token_no_longer_works(api, org, owner, history):
    old_caller = api(history.user)

    api(owner).delete(url(org, history))

    assert old_caller.get(f"/api/v1/orgs/{org.slug}/me/").status_code == 401


def test_a_client_of_two_organizations_keeps_their_login_for_the_other(
    api, org, other_org, owner, outsider, history
):
    elsewhere = ClientFactory(organization=other_org, user=history.user)

    api(owner).delete(url(org, history))

    user = User.objects.get(pk=history.user_id)
    assert user.is_active and user.email == "client@north.test"
    assert PageClient().login(username="client@north.test", password=PASSWORD)
    assert api(user).get(f"/api/v1/orgs/{org.slug}/me/").status_code == 404
    assert api(user).get(f"/api/v1/orgs/{other_org.slug}/me/").json()["id"] == elsewhere.pk
    placeholder = Client.unscoped.select_related("user").get(pk=history.pk).user
    assert placeholder.pk != user.pk
    assert placeholder.name.startswith("Deleted client ")
    assert not placeholder.is_active
    assert not WorkoutLog.unscoped.filter(client=history, created_by=user).exists()
    assert not Intake.unscoped.filter(client=history, submitted_by=user).exists()


def test_deleting_twice_is_harmless(api, org, owner, history):
    api(owner).delete(url(org, history))
    first = Client.unscoped.select_related("user").get(pk=history.pk)

    response = api(owner).delete(url(org, history))

    assert response.status_code == 204
    again = Client.unscoped.select_related("user").get(pk=history.pk)
    assert again.anonymized_at == first.anonymized_at
    assert again.user.email == first.user.email


def test_another_organizations_client_is_404(api, org, other_org, owner):
    theirs = ClientFactory(organization=other_org, user__email="theirs@else.test")

    response = api(owner).delete(url(org, theirs))

    assert response.status_code == 404
    assert Client.unscoped.get(pk=theirs.pk).anonymized_at is None


def test_a_coach_may_not_delete_a_client(api, org, coach, history):
    assert api(coach).delete(url(org, history)).status_code == 403
    assert Client.unscoped.get(pk=history.pk).anonymized_at is None


def test_a_client_deletes_themself_with_their_password(api, org, history):
    response = api(history.user).delete(url(org, history), {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    assert Client.unscoped.get(pk=history.pk).anonymized_at is not None


def test_a_client_without_the_right_password_deletes_nothing(api, org, history):
    response = api(history.user).delete(url(org, history), {"password": "nope"}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()
    assert Client.unscoped.get(pk=history.pk).anonymized_at is None


def test_a_client_cannot_delete_another_client(api, org, coach, history):
    neighbour = ClientFactory(organization=org, coach=coach)

    response = api(history.user).delete(url(org, neighbour), {"password": PASSWORD}, format="json")

    assert response.status_code == 404
    assert Client.unscoped.get(pk=neighbour.pk).anonymized_at is None


def test_the_owner_page_asks_to_type_delete(org, owner, history):
    browser = PageClient()
    browser.force_login(owner)
    page_url = f"/o/{org.slug}/owner/clients/{history.pk}/delete/"

    assert "Type “delete” to confirm" in browser.get(page_url).content.decode()
    assert browser.post(page_url, {"confirm": "yes"}).status_code == 400
    assert Client.unscoped.get(pk=history.pk).anonymized_at is None

    response = browser.post(page_url, {"confirm": "delete"})

    assert response.status_code == 302
    assert response["Location"] == f"/o/{org.slug}/coach/clients/"
    assert Client.unscoped.get(pk=history.pk).anonymized_at is not None


def test_the_coach_client_page_offers_deletion_to_owners_only(org, owner, coach, history):
    page = f"/o/{org.slug}/coach/clients/{history.pk}/"
    delete_link = f"/o/{org.slug}/owner/clients/{history.pk}/delete/"
    as_owner, as_coach = PageClient(), PageClient()
    as_owner.force_login(owner)
    as_coach.force_login(coach)

    assert delete_link in as_owner.get(page).content.decode()
    assert delete_link not in as_coach.get(page).content.decode()


def test_a_client_deletes_their_data_on_a_page_and_is_logged_out(org, history):
    browser = PageClient()
    browser.force_login(history.user)
    page_url = f"/o/{org.slug}/app/delete-my-data/"

    assert browser.post(page_url, {"password": "wrong"}).status_code == 400
    response = browser.post(page_url, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert Client.unscoped.get(pk=history.pk).anonymized_at is not None
    assert browser.get(f"/o/{org.slug}/app/").status_code == 302  # back to the login page


def test_another_member_of_the_organization_is_untouched(api, org, owner, coach, history):
    neighbour = ClientFactory(organization=org, coach=coach, user__email="neighbour@north.test")
    MembershipFactory(organization=org, user__email="coach2@north.test")

    api(owner).delete(url(org, history))

    assert User.objects.get(pk=neighbour.user_id).email == "neighbour@north.test"
    assert Client.unscoped.get(pk=neighbour.pk).anonymized_at is None
    assert User.objects.get(pk=owner.pk).is_active


def test_habit_names_in_the_clients_words_are_replaced_by_their_kind_and_days_kept(
    api, org, owner, history
):

    HabitCheckFactory(habit=HabitFactory(client=history, kind="custom", name="No phone in bed"))

    api(owner).delete(url(org, history))

    habit = Habit.unscoped.get(client=history)
    assert (habit.name, habit.target) == ("Their own", "")
    assert HabitCheck.unscoped.filter(habit=habit).count() == 1
