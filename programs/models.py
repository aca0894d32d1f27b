"""Exercises, programs (weeks → workouts → prescriptions), and recommendations.

Every change to a client's plan, whether the AI's or a coach's, is a ``Recommendation``: the
history of the plan is its audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from coaching.choices import Level, text_choices
from coaching.tenancy import TenantModel, TenantScopeError, current_organization
from programs.core import recommendation_rules


class ExerciseManager(models.Manager):
    """The global library plus the organization in scope's own exercises (fails closed)."""

    def get_queryset(self):
        organization = current_organization()
        if organization is None:
            raise TenantScopeError("Exercise.objects used outside a tenant scope")
        return (
            super()
            .get_queryset()
            .filter(Q(organization__isnull=True) | Q(organization_id=organization.pk))
        )


class Exercise(models.Model):
    """An exercise: global (the public-domain library, no organization) or an organization's."""

    organization = models.ForeignKey(
        "coaching.Organization", null=True, blank=True, on_delete=models.CASCADE
    )
    key = models.SlugField(max_length=120)
    name = models.CharField(max_length=160)
    category = models.CharField(max_length=40, default="strength")
    equipment = models.CharField(max_length=40, default="other")
    level = models.CharField(max_length=20, default="beginner")
    force = models.CharField(max_length=20, blank=True)
    mechanic = models.CharField(max_length=20, blank=True)
    primary_muscles = models.JSONField(default=list)
    secondary_muscles = models.JSONField(default=list)
    instructions = models.JSONField(default=list)
    pattern = models.CharField(max_length=30, blank=True)
    contraindications = models.JSONField(default=list)
    # How much it loads each injury area ({area: low|moderate|high}), what makes it friendlier
    # on a sore joint, and what it needs as alternatives ([[item, ...], ...]): see library.py.
    joint_loads = models.JSONField(default=dict)
    friendlier = models.JSONField(default=list)
    needs = models.JSONField(default=list)
    # The roles a coach reviewed it for (main, secondary, accessory, core, conditioning, power,
    # mobility); empty: searchable, never drafted automatically.
    draft_roles = models.JSONField(default=list)
    aliases = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    unscoped = models.Manager()
    objects = ExerciseManager()

    class Meta:
        default_manager_name = "unscoped"
        base_manager_name = "unscoped"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(organization__isnull=True), name="exercise_global_key"
            ),
            models.UniqueConstraint(
                fields=["organization", "key"],
                condition=Q(organization__isnull=False),
                name="exercise_org_key",
            ),
        ]
        indexes = [models.Index(fields=["organization", "name"], name="exercise_org_name")]

    def __str__(self) -> str:
        return self.name


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING_REVIEW = "pending_review", "Waiting for coach"
    ACTIVE = "active", "Active"
    SUPERSEDED = "superseded", "Superseded"


class Program(TenantModel):
    client = models.ForeignKey("coaching.Client", on_delete=models.CASCADE, related_name="programs")
    name = models.CharField(max_length=160)
    status = models.CharField(
        max_length=16, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    start_date = models.DateField()
    rationale = models.JSONField(default=list)  # [{topic, text}]
    monitoring_rules = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organization", "client", "status"], name="program_org_client")
        ]

    def __str__(self) -> str:
        return self.name


class ProgramWeek(TenantModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="weeks")
    index = models.PositiveSmallIntegerField()
    is_deload = models.BooleanField(default=False)

    class Meta:
        ordering = ["program", "index"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "program", "index"], name="week_once")
        ]


class PlannedWorkout(TenantModel):
    week = models.ForeignKey(ProgramWeek, on_delete=models.CASCADE, related_name="workouts")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey("coaching.Client", on_delete=models.CASCADE, related_name="+")
    day_index = models.PositiveSmallIntegerField()
    planned_date = models.DateField()
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["planned_date", "day_index"]
        indexes = [
            models.Index(
                fields=["organization", "client", "planned_date"], name="workout_org_client_date"
            )
        ]


class Prescription(TenantModel):
    workout = models.ForeignKey(
        PlannedWorkout, on_delete=models.CASCADE, related_name="prescriptions"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    sets = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    reps_min = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    reps_max = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    target_rpe = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    target_load_kg = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    rest_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["workout", "order"]


RecommendationKind = text_choices(recommendation_rules.RecommendationKind)
RecommendationStatus = text_choices(recommendation_rules.RecommendationStatus)
RecommendationSource = text_choices(recommendation_rules.RecommendationSource)


class Recommendation(TenantModel):
    """A proposed change to a client's plan and what became of it."""

    client = models.ForeignKey(
        "coaching.Client", on_delete=models.CASCADE, related_name="recommendations"
    )
    kind = models.CharField(max_length=20, choices=RecommendationKind.choices)
    status = models.CharField(max_length=16, choices=RecommendationStatus.choices)
    level = models.CharField(max_length=6, choices=Level.choices, default=Level.GREEN)
    rationale = models.TextField()
    confidence = models.FloatField(
        validators=[MinValueValidator(0), MaxValueValidator(1)], default=0.5
    )
    payload = models.JSONField(default=dict)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    # Stable key of what the proposal is about, so the nightly job never proposes it twice.
    dedupe_key = models.CharField(max_length=120, blank=True)
    source = models.CharField(
        max_length=10, choices=RecommendationSource.choices, default=RecommendationSource.AI
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_notes = models.TextField(blank=True)
    applied_automatically = models.BooleanField(default=False)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # The nightly job's idempotency key: the same proposal is never made twice.
            models.UniqueConstraint(
                fields=["organization", "client", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="rec_dedupe_once",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="rec_org_status"),
            models.Index(fields=["organization", "client", "created_at"], name="rec_org_client"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.client} ({self.status})"


class ProgramTemplate(TenantModel):
    """A coach's saved program, to start another client from."""

    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    structure = models.JSONField(default=dict)  # weeks → workouts → prescriptions (exercise ids)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="template_name_per_org")
        ]


class LogStatus(models.TextChoices):
    COMPLETED = "completed", "Completed"
    PARTIAL = "partial", "Partly done"
    SKIPPED = "skipped", "Skipped"


class SkipReason(models.TextChoices):
    TIME = "time", "Short on time"
    ENERGY = "energy", "Low energy"
    PAIN = "pain", "Pain"
    ILLNESS = "illness", "Ill"
    TRAVEL = "travel", "Travelling"
    MOTIVATION = "motivation", "Motivation"
    SCHEDULE = "schedule", "Schedule clash"
    OTHER = "other", "Something else"


class WorkoutLog(TenantModel):
    """A session as the client did it (or did not), next to what was planned."""

    client = models.ForeignKey(
        "coaching.Client", on_delete=models.CASCADE, related_name="workout_logs"
    )
    # Made by the client's browser: the same uuid again is a retry, never a second log.
    client_uuid = models.UUIDField()
    workout = models.ForeignKey(
        PlannedWorkout, null=True, blank=True, on_delete=models.SET_NULL, related_name="logs"
    )
    performed_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=LogStatus.choices)
    skip_reason = models.CharField(max_length=12, choices=SkipReason.choices, blank=True)
    session_rpe = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    # The duration as measured (imports give seconds); duration_minutes is it rounded.
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    name = models.CharField(max_length=200, blank=True)  # the session's name in Strong / Hevy
    notes = models.TextField(blank=True)
    source = models.CharField(max_length=12, default="app")  # app | strong | hevy
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-performed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "client", "client_uuid"], name="log_uuid_once_per_client"
            )
        ]
        indexes = [
            models.Index(
                fields=["organization", "client", "performed_at"], name="log_org_client_time"
            )
        ]


class SetLog(TenantModel):
    log = models.ForeignKey(WorkoutLog, on_delete=models.CASCADE, related_name="sets")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    set_index = models.PositiveSmallIntegerField()
    reps = models.PositiveSmallIntegerField()
    load_kg = models.DecimalField(max_digits=6, decimal_places=2)
    rpe = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    # What was planned, beside what was done.
    reps_target = models.PositiveSmallIntegerField(null=True, blank=True)
    load_target_kg = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    rpe_target = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    e1rm_kg = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    is_warmup = models.BooleanField(default=False)
    # Help from a band or machine on an assisted exercise: not load, in no e1RM.
    assistance_kg = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    # Cardio sets and timed holds: how far and how long (reps 0).
    distance_m = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["log", "set_index", "id"]
        indexes = [models.Index(fields=["organization", "exercise"], name="setlog_org_exercise")]


class ImportStatus(models.TextChoices):
    AWAITING_UNIT = "awaiting_unit", "Waiting for the unit"
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportJob(TenantModel):
    """One upload of a Strong or Hevy export: the file until it is imported (then dropped),
    its progress and the summary a person reads."""

    client = models.ForeignKey(
        "coaching.Client", on_delete=models.CASCADE, related_name="import_jobs"
    )
    format = models.CharField(max_length=10)  # strong | hevy
    filename = models.CharField(max_length=200, blank=True)
    unit = models.CharField(max_length=2, blank=True)  # kg | lb, once known
    unit_source = models.CharField(max_length=10, blank=True)  # file | request | default
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows = models.PositiveIntegerField(default=0)
    # The uploaded file, kept only until it is imported (emptied when done or failed).
    upload = models.BinaryField(default=bytes, blank=True)
    sessions_total = models.PositiveIntegerField(default=0)
    sessions_done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "client", "created_at"], name="importjob_client")
        ]

    @property
    def progress(self) -> float:
        """The share of sessions imported, 0 to 1 (1 once done)."""
        if self.status == ImportStatus.DONE:
            return 1.0
        if not self.sessions_total:
            return 0.0
        return min(1.0, self.sessions_done / self.sessions_total)
