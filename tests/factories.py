import uuid
from datetime import datetime, time, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils import timezone as tz
from rest_framework.authtoken.models import Token

from billing.core.presets import PRESETS
from coaching.models import Client, Invitation, Membership, Organization, Role
from programs.models import PlannedWorkout, Program, ProgramWeek, SetLog, WorkoutLog
from triage.models import CheckIn

PASSWORD = "a-Strong-pass-123"


class Factory(factory.django.DjangoModelFactory):
    """Creates through the default (unscoped) manager: test setup is not a request."""

    class Meta:
        abstract = True

    @classmethod
    def _get_manager(cls, model_class):
        return model_class._default_manager


class OrganizationFactory(Factory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Coaching Co {n}")
    slug = factory.Sequence(lambda n: f"coaching-co-{n}")
    time_zone = "Europe/London"


class UserFactory(Factory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results:
            instance.save(update_fields=["password"])


class MembershipFactory(Factory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.COACH


class ClientFactory(Factory):
    """A client with the membership that goes with it."""

    class Meta:
        model = Client
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    coach = None

    @factory.post_generation
    def membership(self, create, extracted, **kwargs):
        if create:
            Membership.unscoped.get_or_create(
                organization=self.organization, user=self.user, defaults={"role": Role.CLIENT}
            )


class InvitationFactory(Factory):
    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.test")
    role = Role.CLIENT


class TierFactory(Factory):
    class Meta:
        model = "billing.Tier"

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Tier {n}")
    service_model = "assisted_hybrid"
    monthly_price = 79
    currency = "usd"
    review_policy = factory.LazyAttribute(lambda o: PRESETS[o.service_model]["review_policy"])
    response_hours = factory.LazyAttribute(lambda o: PRESETS[o.service_model]["response_hours"])
    features = {"messaging": True, "form_feedback": True, "live_calls_per_month": 0}
    surcharge_moderate = 15
    surcharge_high = 35


class SubscriptionFactory(Factory):
    class Meta:
        model = "billing.Subscription"

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")
    tier = factory.SubFactory(TierFactory, organization=factory.SelfAttribute("..organization"))
    price_charged = 79


class ThreadFactory(Factory):
    class Meta:
        model = "messaging.Thread"
        django_get_or_create = ("organization", "client")

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")


class MessageFactory(Factory):
    """A message in a client's thread (by the client unless ``author`` and ``author_role`` say
    otherwise)."""

    class Meta:
        model = "messaging.Message"

    thread = factory.SubFactory(ThreadFactory)
    organization = factory.SelfAttribute("thread.organization")
    author = factory.SelfAttribute("thread.client.user")
    author_role = "client"
    body = factory.Sequence(lambda n: f"Message number {n}")


class ExerciseFactory(Factory):
    class Meta:
        model = "programs.Exercise"
        django_get_or_create = ("key",)

    organization = None
    key = factory.Sequence(lambda n: f"exercise-{n}")
    name = factory.Sequence(lambda n: f"Exercise {n}")
    equipment = "barbell"
    primary_muscles = ["quadriceps"]
    pattern = "squat"


def build_history(
    client,
    *,
    days: int,
    today,
    planned_weekdays=(0, 1, 3, 4),
    completed=lambda day: True,
    checkin=lambda day: {"readiness": 4, "fatigue": 2, "sleep_quality": 4, "mood": 4},
    checkin_weekday=6,
    e1rm=lambda day: 100.0,
    exercise=None,
):
    """A client's plan, logs, check-ins and lift sets over ``days`` days before ``today``."""

    org = client.organization
    exercise = exercise or ExerciseFactory(key="back-squat", name="Back Squat")
    start = today - timedelta(days=days)
    program = Program.unscoped.create(
        organization=org, client=client, name="Block", status="active", start_date=start
    )
    week = ProgramWeek.unscoped.create(organization=org, program=program, index=1)
    logs, sets, checkins, workouts = [], [], [], []
    for offset in range(days + 1):
        day = start + timedelta(days=offset)
        at = tz.make_aware(datetime.combine(day, time(18, 0)))
        if day.weekday() in planned_weekdays:
            workouts.append(
                PlannedWorkout(
                    organization=org,
                    week=week,
                    program=program,
                    client=client,
                    day_index=day.weekday(),
                    planned_date=day,
                    name="Session",
                )
            )
            if completed(day):
                log = WorkoutLog(
                    organization=org,
                    client=client,
                    client_uuid=uuid.uuid4(),
                    performed_at=at,
                    status="completed",
                )
                logs.append(log)
                value = e1rm(day)
                if value:
                    sets.append((log, value))
        if day.weekday() == checkin_weekday:
            answers = checkin(day)
            if answers:
                checkins.append(
                    CheckIn(
                        organization=org,
                        client=client,
                        created_at=at,
                        readiness=answers.get("readiness", 4),
                        sleep_quality=answers.get("sleep_quality", 4),
                        soreness=answers.get("soreness", 2),
                        fatigue=answers.get("fatigue", 2),
                        stress=answers.get("stress", 2),
                        mood=answers.get("mood", 4),
                    )
                )
    PlannedWorkout.unscoped.bulk_create(workouts)
    WorkoutLog.unscoped.bulk_create(logs)
    SetLog.unscoped.bulk_create(
        [
            SetLog(
                organization=org,
                log=log,
                exercise=exercise,
                set_index=0,
                reps=5,
                load_kg=round(value / 1.1667, 1),
                e1rm_kg=value,
            )
            for log, value in sets
        ]
    )
    CheckIn.unscoped.bulk_create(checkins)
    return program


class HabitFactory(Factory):
    class Meta:
        model = "triage.Habit"

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")
    kind = "steps"
    name = "Steps"
    target = "8,000 steps"


class HabitCheckFactory(Factory):
    class Meta:
        model = "triage.HabitCheck"

    habit = factory.SubFactory(HabitFactory)
    organization = factory.SelfAttribute("habit.organization")
    day = factory.LazyAttribute(lambda o: o.habit.client.today())


# --- People's records -------------------------------------------------------------------------


class IntakeFactory(Factory):
    """An approved intake of a strength-and-muscle client with a barbell and dumbbells, three
    60-minute sessions a week and nothing on the health screen (low risk)."""

    class Meta:
        model = "coaching.Intake"

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")
    version = factory.Sequence(lambda n: n + 1)
    status = "approved"
    goals = factory.LazyFunction(lambda: ["strength", "muscle"])
    training_age_years = 2
    sessions_per_week = 3
    session_minutes = 60
    equipment = factory.LazyFunction(lambda: ["barbell", "dumbbell"])
    injuries = factory.LazyFunction(list)
    health_screen = factory.LazyFunction(dict)
    stress_level = 2
    sleep_hours = 7.5
    risk = "low"
    experience = "intermediate"
    autonomy = "medium"


# --- Programs -----------------------------------------------------------------------------------


class ProgramFactory(Factory):
    class Meta:
        model = "programs.Program"

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")
    name = factory.Sequence(lambda n: f"Block {n}")
    status = "active"
    start_date = factory.LazyAttribute(lambda o: o.client.today())


class ProgramWeekFactory(Factory):
    class Meta:
        model = "programs.ProgramWeek"

    program = factory.SubFactory(ProgramFactory)
    organization = factory.SelfAttribute("program.organization")
    index = factory.Sequence(lambda n: n + 1)


class PlannedWorkoutFactory(Factory):
    class Meta:
        model = "programs.PlannedWorkout"

    week = factory.SubFactory(ProgramWeekFactory)
    organization = factory.SelfAttribute("week.organization")
    program = factory.SelfAttribute("week.program")
    client = factory.SelfAttribute("week.program.client")
    day_index = 0
    planned_date = factory.LazyAttribute(lambda o: o.week.program.start_date)
    name = "Session"


class PrescriptionFactory(Factory):
    class Meta:
        model = "programs.Prescription"

    workout = factory.SubFactory(PlannedWorkoutFactory)
    organization = factory.SelfAttribute("workout.organization")
    exercise = factory.SubFactory(ExerciseFactory)
    order = factory.Sequence(lambda n: n)
    sets = 3
    reps_min = 5
    reps_max = 8


class WorkoutLogFactory(Factory):
    """A completed session logged now (a new ``client_uuid`` each time)."""

    class Meta:
        model = "programs.WorkoutLog"

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")
    client_uuid = factory.Faker("uuid4", cast_to=None)
    performed_at = factory.LazyFunction(timezone.now)
    status = "completed"


class SetLogFactory(Factory):
    class Meta:
        model = "programs.SetLog"

    log = factory.SubFactory(WorkoutLogFactory)
    organization = factory.SelfAttribute("log.organization")
    exercise = factory.SubFactory(ExerciseFactory)
    set_index = factory.Sequence(lambda n: n)
    reps = 5
    load_kg = 100


class RecommendationFactory(Factory):
    """A progression the AI proposed, waiting for a coach."""

    class Meta:
        model = "programs.Recommendation"

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")
    kind = "progression"
    status = "pending_review"
    rationale = "Every set hit the top of the range at RPE 7 or less for two sessions."
    confidence = 0.5
    payload = factory.LazyFunction(dict)


# --- Triage -------------------------------------------------------------------------------------


class CheckInFactory(Factory):
    """A green check-in: good readiness, sleep and mood, little soreness, fatigue or stress."""

    class Meta:
        model = "triage.CheckIn"

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")
    readiness = 4
    sleep_quality = 4
    soreness = 2
    fatigue = 2
    stress = 2
    mood = 4


class ReviewItemFactory(Factory):
    """An open yellow item from a check-in, due in a day."""

    class Meta:
        model = "triage.ReviewItem"

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")
    level = "yellow"
    reason_kind = factory.Sequence(lambda n: f"reason_{n}")
    reasons = factory.LazyFunction(lambda: [{"code": "low_readiness", "text": "Readiness is low."}])
    source = "checkin"
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    status = "open"


class AdherenceScoreFactory(Factory):
    class Meta:
        model = "triage.AdherenceScore"

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")
    date = factory.LazyAttribute(lambda o: o.client.today())
    level = "green"
    completion_28d = 1.0


# --- Every other model: one factory each (tests/test_factories.py checks none is missing) ------


class NotificationFactory(Factory):
    class Meta:
        model = "coaching.Notification"

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    text = "Your coach replied to your check-in."


class EmailOptOutFactory(Factory):
    class Meta:
        model = "coaching.EmailOptOut"

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    kind = "messages"


class TokenUseFactory(Factory):
    class Meta:
        model = "coaching.TokenUse"

    token = factory.LazyFunction(lambda: Token.objects.create(user=UserFactory()))
    last_used_at = factory.LazyFunction(timezone.now)


class ProgramTemplateFactory(Factory):
    class Meta:
        model = "programs.ProgramTemplate"

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Template {n}")


class ImportJobFactory(Factory):
    class Meta:
        model = "programs.ImportJob"

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")
    format = "strong"


class AutomationHoldFactory(Factory):
    class Meta:
        model = "triage.AutomationHold"

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")


class EscalationRuleFactory(Factory):
    class Meta:
        model = "triage.EscalationRule"

    organization = factory.SubFactory(OrganizationFactory)
    trigger = factory.Sequence(lambda n: f"trigger_{n}")
    description = "Something a coach should look at the same day"
    level = "yellow"
    response_hours = 8.0
    action = "same_day_review"


class ReplyTemplateFactory(Factory):
    class Meta:
        model = "triage.ReplyTemplate"

    organization = factory.SubFactory(OrganizationFactory)
    resolution = "no_change"
    name = factory.Sequence(lambda n: f"Template {n}")
    body = "Thanks for the check-in. Keep going as planned."


class SessionReminderFactory(Factory):
    class Meta:
        model = "triage.SessionReminder"

    workout = factory.SubFactory(PlannedWorkoutFactory)
    client = factory.SelfAttribute("workout.client")
    organization = factory.SelfAttribute("workout.organization")


class ScoringRunFactory(Factory):
    class Meta:
        model = "triage.ScoringRun"

    organization = factory.SubFactory(OrganizationFactory)
    date = factory.Sequence(lambda n: timezone.now().date() - timedelta(days=n + 1))


class RiskModelFactory(Factory):
    class Meta:
        model = "triage.RiskModel"

    organization = factory.SubFactory(OrganizationFactory)
    version = factory.Sequence(lambda n: n + 1)
    samples = 400
    blob = b""


class ScoringSettingsFactory(Factory):
    class Meta:
        model = "triage.ScoringSettings"

    organization = factory.SubFactory(OrganizationFactory)


class CheckInQuestionFactory(Factory):
    class Meta:
        model = "triage.CheckInQuestion"

    organization = factory.SubFactory(OrganizationFactory)
    text = "How was work this week?"


class WeeklySummaryFactory(Factory):
    class Meta:
        model = "triage.WeeklySummary"

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")
    week_start = factory.LazyAttribute(lambda o: o.client.today() - timedelta(days=7))
    period_start = factory.SelfAttribute("week_start")
    period_end = factory.LazyAttribute(lambda o: o.week_start + timedelta(days=6))
    outlook = "steady"
    suggested = "no_change"
    draft = "A steady week: every planned session done."


class TierPriceFactory(Factory):
    class Meta:
        model = "billing.TierPrice"

    tier = factory.SubFactory(TierFactory)
    organization = factory.SelfAttribute("tier.organization")
    monthly_price = factory.LazyAttribute(lambda o: o.tier.monthly_price + 10)
    previous_price = factory.SelfAttribute("tier.monthly_price")
    currency = factory.SelfAttribute("tier.currency")
    applies_to = "new_only"


class TierChangeFactory(Factory):
    class Meta:
        model = "billing.TierChange"

    subscription = factory.SubFactory(SubscriptionFactory)
    organization = factory.SelfAttribute("subscription.organization")
    to_tier = factory.SubFactory(TierFactory, organization=factory.SelfAttribute("..organization"))


class ManualPaymentFactory(Factory):
    class Meta:
        model = "billing.ManualPayment"

    subscription = factory.SubFactory(SubscriptionFactory)
    organization = factory.SelfAttribute("subscription.organization")
    amount = factory.SelfAttribute("subscription.tier.monthly_price")
    currency = factory.SelfAttribute("subscription.tier.currency")
    period_end = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class StripeEventFactory(Factory):
    class Meta:
        model = "billing.StripeEvent"

    event_id = factory.Sequence(lambda n: f"evt_test_{n}")
    type = "invoice.paid"


class DigestSentFactory(Factory):
    class Meta:
        model = "messaging.DigestSent"

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    sent_at = factory.LazyFunction(timezone.now)


class FormCheckFactory(Factory):
    class Meta:
        model = "formchecks.FormCheck"

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")
    uploaded_by_role = "client"
    file_name = factory.Sequence(lambda n: f"form-checks/test-{n}.mp4")
    kind = "video"
    content_type = "video/mp4"
    size_bytes = 1024
    duration_seconds = 5.0


class FormCommentFactory(Factory):
    class Meta:
        model = "formchecks.FormComment"

    form_check = factory.SubFactory(FormCheckFactory)
    organization = factory.SelfAttribute("form_check.organization")
    author_role = "coach"
    body = "Knees track well; keep the chest up out of the hole."


class MetricsSnapshotFactory(Factory):
    class Meta:
        model = "reporting.MetricsSnapshot"

    organization = factory.SubFactory(OrganizationFactory)
    date = factory.LazyFunction(lambda: timezone.now().date())
    weeks = 12
    tiers_version = "v1"
    mrr = 0
    active_clients = 0
    figures = factory.LazyFunction(dict)
