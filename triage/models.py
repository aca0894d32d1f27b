"""Check-ins, the review queue, escalation rules, reply templates and scores."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from coaching.models import Notification  # noqa: F401  (moved to coaching; old imports work)
from coaching.tenancy import TenantModel
from messaging.core.rules import MAX_BODY_CHARS

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]
MAX_REVIEW_MINUTES = 480  # a working day: more is a typo, not one review
# A coach's reply when resolving (API serializer and page form) is posted into the client's
# thread, so it is held to a message's length.
MAX_REPLY_CHARS = MAX_BODY_CHARS
MAX_HOLD_NOTE_CHARS = 1000  # why a coach released an automation hold


class Level(models.TextChoices):
    GREEN = "green", "Green"
    YELLOW = "yellow", "Yellow"
    RED = "red", "Red"


class CheckIn(TenantModel):
    """A client's check-in. 5 is best for readiness, sleep quality and mood; 5 is worst for
    soreness, fatigue and stress."""

    client = models.ForeignKey(
        "coaching.Client", on_delete=models.CASCADE, related_name="check_ins"
    )
    client_uuid = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    readiness = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    sleep_quality = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    soreness = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    fatigue = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    stress = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    mood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    satisfaction = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE, null=True, blank=True)
    sleep_hours = models.FloatField(null=True, blank=True)
    body_weight_kg = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    pain = models.JSONField(null=True, blank=True)  # {area, severity, new, related_exercise}
    symptoms = models.JSONField(default=list)
    notes = models.TextField(blank=True)
    wants_human_review = models.BooleanField(default=False)
    extra_answers = models.JSONField(default=dict)  # the organization's own questions
    level = models.CharField(max_length=6, choices=Level.choices, default=Level.GREEN)
    reasons = models.JSONField(default=list)  # [{code, text, words}]
    message_to_client = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "client", "client_uuid"],
                condition=Q(client_uuid__isnull=False),
                name="checkin_uuid_once",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "client", "created_at"], name="checkin_org_client")
        ]


class Source(models.TextChoices):
    CHECKIN = "checkin", "Check-in"
    NIGHTLY = "nightly", "Nightly scoring"
    INTAKE = "intake", "Intake"
    RECOMMENDATION = "recommendation", "Recommendation"
    CLIENT_REQUEST = "client_request", "Client asked"
    LOGGING = "logging", "Workout log"
    COACH = "coach", "Coach flagged"
    MESSAGE = "message", "Client's message"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved by a coach"
    # Closed by the data: a nightly signal that stayed quiet (triage.core.queue_rules.clears_by_itself).
    CLEARED = "cleared", "Cleared by itself"


class Resolution(models.TextChoices):
    NO_CHANGE = "no_change", "No change needed"
    MINOR_CHANGE = "minor_change", "Minor change"
    ESCALATED = "escalated", "Escalated"
    REFERRED_OUT = "referred_out", "Referred out"
    FALSE_ALARM = "false_alarm", "False alarm"


class ReviewItem(TenantModel):
    """Something a person must look at. One open item per client and reason kind: a repeat
    adds evidence to it instead of a new row."""

    client = models.ForeignKey(
        "coaching.Client", on_delete=models.CASCADE, related_name="review_items"
    )
    level = models.CharField(max_length=6, choices=Level.choices)
    reason_kind = models.CharField(max_length=40)
    reasons = models.JSONField(default=list)  # [{code, text}]
    evidence = models.JSONField(default=list)  # [{at, source, summary}] each repeat
    source = models.CharField(max_length=16, choices=Source.choices)
    check_in = models.ForeignKey(
        CheckIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_by_ai = models.BooleanField(default=True)
    # The coach who flagged the client by hand (source "coach"): what the AI missed.
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    due_at = models.DateTimeField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    resolution = models.CharField(max_length=14, choices=Resolution.choices, blank=True)
    message = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Minutes the coach says the review took, given when resolving (optional): coach load.
    minutes_spent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_REVIEW_MINUTES)]
    )

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "client", "reason_kind"],
                condition=Q(status="open"),
                name="one_open_item_per_client_reason",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "status", "due_at"], name="review_org_status_due")
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.reason_kind} for {self.client}"


class HoldRelease(models.TextChoices):
    COACH = "coach", "Released by a coach"
    RESOLVED = "resolved", "Cleared with the last red item"


class AutomationHold(TenantModel):
    """One stretch of a client's automation hold: when and why it began, and who ended it, when
    and why. ``Client.automation_hold`` is the switch the rest of Spotter reads; these rows are
    its record, shown on the coach's client page."""

    client = models.ForeignKey(
        "coaching.Client", on_delete=models.CASCADE, related_name="automation_holds"
    )
    # Null for a hold placed before holds were recorded (its release is still recorded).
    placed_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    # A red item was escalated or referred out during this hold: only a coach's explicit
    # release lifts it (triage.core.queue_rules.hold_after_resolving).
    referred = models.BooleanField(default=False)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_how = models.CharField(max_length=10, choices=HoldRelease.choices, blank=True)
    release_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "client"],
                condition=Q(released_at__isnull=True),
                name="one_open_hold_per_client",
            )
        ]


class EscalationAction(models.TextChoices):
    SAME_DAY_REVIEW = "same_day_review", "Same-day review"
    PLAN_CHANGE_24H = "plan_change_24h", "Plan change within 24 h"
    REFERRAL = "referral", "Referral"
    IMMEDIATE = "immediate", "Immediate human contact"


class EscalationRule(TenantModel):
    """Which trigger raises which level, how fast a person answers, and what they do."""

    trigger = models.CharField(max_length=40)
    description = models.CharField(max_length=200)
    level = models.CharField(max_length=6, choices=Level.choices)
    response_hours = models.FloatField(validators=[MinValueValidator(0.25)])
    action = models.CharField(max_length=20, choices=EscalationAction.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["trigger"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "trigger"], name="rule_once_per_trigger"
            )
        ]


class ReplyTemplate(TenantModel):
    """A neutral, specific reply a coach edits before sending."""

    resolution = models.CharField(max_length=14, choices=Resolution.choices)
    name = models.CharField(max_length=80)
    body = models.TextField()

    class Meta:
        ordering = ["resolution", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="template_name_once")
        ]


class SessionReminder(TenantModel):
    """The morning reminder sent for one planned workout (unique: a rerun sends none again)."""

    client = models.ForeignKey("coaching.Client", on_delete=models.CASCADE, related_name="+")
    workout = models.ForeignKey(
        "programs.PlannedWorkout", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "workout"], name="reminder_once")
        ]


class AdherenceScore(TenantModel):
    """One client's nightly score for one day (unique: re-running the night changes nothing)."""

    client = models.ForeignKey("coaching.Client", on_delete=models.CASCADE, related_name="scores")
    date = models.DateField()
    level = models.CharField(max_length=6, choices=Level.choices)
    completion_7d = models.FloatField(null=True)
    completion_28d = models.FloatField(null=True)
    completion_90d = models.FloatField(null=True)
    checkin_response_rate = models.FloatField(null=True)
    readiness_z = models.FloatField(null=True)
    performance_trend = models.FloatField(null=True)
    risk = models.FloatField(null=True)  # the model's probability of missing most of next week
    reasons = models.JSONField(default=list)
    features = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "client", "date"], name="score_once_per_day"
            )
        ]
        indexes = [models.Index(fields=["organization", "date"], name="score_org_date")]


class ScoringRun(TenantModel):
    """What one night's job did for one organization."""

    date = models.DateField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, default="running")  # running | done | failed
    clients_scored = models.PositiveIntegerField(default=0)
    flags = models.JSONField(default=dict)  # {green: n, yellow: n, red: n}
    items_opened = models.PositiveIntegerField(default=0)
    recommendations_created = models.PositiveIntegerField(default=0)
    duration_seconds = models.FloatField(null=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "date"], name="run_once_per_day")
        ]


class RiskModel(TenantModel):
    """A trained miss-next-week model for one organization, with its validation."""

    version = models.PositiveIntegerField()
    trained_at = models.DateTimeField(default=timezone.now)
    samples = models.PositiveIntegerField()
    auc = models.FloatField(null=True)
    brier = models.FloatField(null=True)
    feature_names = models.JSONField(default=list)
    coefficients = models.JSONField(default=dict)  # for explanations
    blob = models.BinaryField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="risk_model_version")
        ]


class ScoringSettings(TenantModel):
    """An organization's tuning of the nightly thresholds (names in triage.core.scoring.Thresholds)."""

    thresholds = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="scoring_settings_once")
        ]


class CheckInQuestion(TenantModel):
    """A question an owner adds to the organization's check-in (answered in words or 1–5)."""

    KINDS = [("text", "Answer in words"), ("scale", "1–5 scale")]

    text = models.CharField(max_length=200)
    kind = models.CharField(max_length=5, choices=KINDS, default="text")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]


class SummaryStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a coach"
    SENT = "sent", "Reply sent"
    ESCALATED = "escalated", "Escalated"


class WeeklySummary(TenantModel):
    """A client's week in plain words and the reply Spotter drafted, written after their
    check-in (``triage.core.weekly_summary``), one per client per local week. The coach sends the
    draft as is, edits it before sending (``edited``), or escalates."""

    client = models.ForeignKey(
        "coaching.Client", on_delete=models.CASCADE, related_name="weekly_summaries"
    )
    check_in = models.ForeignKey(
        CheckIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    week_start = models.DateField()  # the Monday of the check-in's local week
    period_start = models.DateField()
    period_end = models.DateField()
    outlook = models.CharField(max_length=8)  # steady | watch | urgent
    suggested = models.CharField(max_length=14, choices=Resolution.choices)
    lines = models.JSONField(default=list)
    reasons = models.JSONField(default=list)
    draft = models.TextField()
    status = models.CharField(
        max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.PENDING
    )
    sent_body = models.TextField(blank=True)
    # True when the coach changed the draft before sending; null until sent.
    edited = models.BooleanField(null=True)
    escalation_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "client", "week_start"], name="summary_once_per_week"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "status", "created_at"], name="summary_org_status")
        ]

    @property
    def summary_text(self) -> str:
        return "\n".join(self.lines)


class HabitKind(models.TextChoices):
    STEPS = "steps", "Steps"
    PROTEIN = "protein", "Protein"
    SLEEP = "sleep", "Sleep"
    MOBILITY = "mobility", "Mobility"
    CUSTOM = "custom", "Their own"


MAX_HABIT_NAME_CHARS = 80
MAX_HABIT_TARGET_CHARS = 80


class Habit(TenantModel):
    """A daily habit a coach assigns ("8,000 steps"); the client ticks it off on Today."""

    client = models.ForeignKey("coaching.Client", on_delete=models.CASCADE, related_name="habits")
    kind = models.CharField(max_length=8, choices=HabitKind.choices, default=HabitKind.CUSTOM)
    name = models.CharField(max_length=MAX_HABIT_NAME_CHARS)
    target = models.CharField(max_length=MAX_HABIT_TARGET_CHARS, blank=True)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["organization", "client", "active"], name="habit_org_client")
        ]


class HabitCheck(TenantModel):
    """One habit done on one day (the client's local date)."""

    habit = models.ForeignKey(Habit, on_delete=models.CASCADE, related_name="checks")
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "habit", "day"], name="habit_check_once_a_day"
            )
        ]
