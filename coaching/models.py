"""People and tenancy: organizations, users, memberships, invitations, clients."""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from coaching.core.localtime import local_today, zone_name_for
from coaching.core.segmentation import SERVICE_MODEL_LABELS
from coaching.tenancy import TenantModel, current_organization


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone (e.g. Europe/London).")


class Organization(models.Model):
    """A coaching business: the tenant. Everything else belongs to exactly one."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    created_at = models.DateTimeField(default=timezone.now)
    # The secret behind the pseudonyms of de-identified exports (reporting.core.export_core): made on
    # the first such export and kept, so research keys stay the same from export to export.
    # Never exported, never shown.
    research_salt = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def today(self, now: datetime | None = None) -> date:
        """Today, in the organization's zone (for organization-wide figures)."""
        return local_today(now or timezone.now(), self.time_zone)


# The longest address SMTP carries (RFC 5321: a 256-octet path less its angle brackets). Every
# form and serializer that takes an email refuses a longer one, so SQLite (which would store it)
# and Postgres (whose varchar(254) would refuse it with an error) answer alike.
EMAIL_MAX_LENGTH = 254


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person, who logs in with an email address and may belong to several organizations."""

    email = models.EmailField(unique=True, max_length=EMAIL_MAX_LENGTH)
    name = models.CharField(max_length=120, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    COACH = "coach", "Coach"
    CLIENT = "client", "Client"


# Owners run the business and may also coach: they can do everything a coach can.
STAFF_ROLES = frozenset({Role.OWNER, Role.COACH})


class Membership(TenantModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    role = models.CharField(max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_once_per_org")
        ]
        indexes = [models.Index(fields=["user"], name="membership_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.organization}"

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def home_url_name(self) -> str:
        return {Role.OWNER: "owner_home", Role.COACH: "coach_home"}.get(self.role, "client_home")


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_TTL_DAYS)


class Invitation(TenantModel):
    """An offer to join an organization as a coach or a client, accepted by token."""

    email = models.EmailField(max_length=EMAIL_MAX_LENGTH)
    role = models.CharField(max_length=10, choices=[(Role.COACH, "Coach"), (Role.CLIENT, "Client")])
    # Unique with the organization (distributable by it); 256 random bits never collide anyway.
    token = models.CharField(max_length=64, db_index=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # For client invitations: who will coach them and which tier they start on (billing.Tier id;
    # coaching does not import billing, billing validates and acts on it).
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tier_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the invitation was last emailed (creating and each resend), and when it was withdrawn.
    sent_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "email"], name="invitation_org_email_idx")]
        constraints = [
            models.UniqueConstraint(fields=["organization", "token"], name="invitation_token_once")
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organization} as {self.role}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and not self.is_revoked and not self.is_expired


class ClientStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ARCHIVED = "archived", "Archived"


class Segment(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class Experience(models.TextChoices):
    NOVICE = "novice", "Novice"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class Autonomy(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Client(TenantModel):
    """A person being coached in one organization, with the coach who answers for them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coached_clients",
    )
    status = models.CharField(max_length=10, choices=ClientStatus.choices, default="active")
    # Filled from the approved intake (segmentation); blank until then.
    risk = models.CharField(max_length=10, choices=Segment.choices, blank=True)
    experience = models.CharField(max_length=12, choices=Experience.choices, blank=True)
    autonomy = models.CharField(max_length=10, choices=Autonomy.choices, blank=True)
    # Paused AI changes after a red flag, until a coach clears it.
    automation_hold = models.BooleanField(default=False)
    # A reminder on the morning of each planned session; the client may turn it off.
    reminders_enabled = models.BooleanField(default=True)
    # The client's own IANA time zone, for those who live or travel away from the business;
    # blank: the organization's. Their days are counted in it (coaching.core.localtime).
    time_zone = models.CharField(max_length=64, blank=True, validators=[validate_time_zone])
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the client's personal data was deleted (coaching.erasure): numbers stay.
    anonymized_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="client_once_per_org")
        ]
        indexes = [models.Index(fields=["organization", "coach"], name="client_org_coach_idx")]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def zone_name(self) -> str:
        """The zone this client's days are counted in: their own, else the organization's."""
        if self.time_zone:
            return self.time_zone
        # The organization in scope is this client's in a request: no query for it.
        organization = current_organization()
        if (
            organization is None
            or organization.pk != self.organization_id
            or Client.organization.is_cached(self)
        ):
            organization = self.organization
        return zone_name_for(self.time_zone, organization.time_zone)

    def today(self, now: datetime | None = None) -> date:
        """Today, in the client's zone."""
        return local_today(now or timezone.now(), self.zone_name)

    @property
    def segment(self) -> dict:
        return {
            "risk": self.risk or None,
            "experience": self.experience or None,
            "autonomy": self.autonomy or None,
        }


class IntakeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for review"
    NEEDS_INFO = "needs_info", "More information asked"
    APPROVED = "approved", "Approved"


class Intake(TenantModel):
    """One version of a client's intake: the answers, what segmentation made of them, and the
    coach's review. A resubmission is a new version; old ones are kept."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="intakes")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=IntakeStatus.choices, default="draft")
    # The answers (CONTRACT.md Intake).
    goals = models.JSONField(default=list)
    goal_notes = models.TextField(blank=True)
    training_age_years = models.FloatField(null=True, blank=True)
    sessions_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    session_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    equipment = models.JSONField(default=list)
    injuries = models.JSONField(default=list)
    health_screen = models.JSONField(default=dict)
    health_notes = models.TextField(blank=True)
    preferences = models.TextField(blank=True)
    constraints = models.TextField(blank=True)
    stress_level = models.PositiveSmallIntegerField(null=True, blank=True)
    sleep_hours = models.FloatField(null=True, blank=True)
    age_years = models.PositiveSmallIntegerField(null=True, blank=True)
    # The screens for the brief's high-stakes groups (intake_vocab): SCOFF {question: bool},
    # LEAF-Q / REDs CAT2 indicators {question: bool}, the details after a "yes" to pregnancy
    # or birth {stage, months_since_birth, checked_since_birth, symptoms}, a weight to make.
    eating_screen = models.JSONField(default=dict, blank=True)
    energy_screen = models.JSONField(default=dict, blank=True)
    postpartum = models.JSONField(default=dict, blank=True)
    making_weight = models.BooleanField(default=False)
    # What segmentation made of the answers (filled on submit).
    risk = models.CharField(max_length=10, choices=Segment.choices, blank=True)
    experience = models.CharField(max_length=12, choices=Experience.choices, blank=True)
    autonomy = models.CharField(max_length=10, choices=Autonomy.choices, blank=True)
    suggested_service_model = models.CharField(max_length=32, blank=True)
    segment_reasons = models.JSONField(default=list)
    issues = models.JSONField(default=list)
    referral_suggested = models.BooleanField(default=False)
    referrals = models.JSONField(default=list)  # [{code, text}]
    groups = models.JSONField(default=list)  # segmentation's high-stakes group codes
    # No program until a coach records the medical clearance below (who, when, a note).
    clearance_required = models.BooleanField(default=False)
    clearance_by = models.CharField(max_length=200, blank=True)  # who cleared: "Dr Patel, GP"
    clearance_on = models.DateField(null=True, blank=True)
    clearance_note = models.TextField(blank=True)
    clearance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clearance_recorded_at = models.DateTimeField(null=True, blank=True)
    # The review.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def get_suggested_service_model_display(self) -> str:
        """The suggested service model in words ("Assisted hybrid"), or "" before segmentation."""
        return SERVICE_MODEL_LABELS.get(self.suggested_service_model, self.suggested_service_model)

    ANSWER_FIELDS = (
        "goals",
        "goal_notes",
        "training_age_years",
        "sessions_per_week",
        "session_minutes",
        "equipment",
        "injuries",
        "health_screen",
        "health_notes",
        "preferences",
        "constraints",
        "stress_level",
        "sleep_hours",
        "age_years",
        "eating_screen",
        "energy_screen",
        "postpartum",
        "making_weight",
    )

    class Meta:
        ordering = ["client", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "client", "version"], name="intake_version_once"
            )
        ]
        indexes = [models.Index(fields=["organization", "status"], name="intake_org_status")]

    def __str__(self) -> str:
        return f"Intake v{self.version} of {self.client}"

    def answers(self) -> dict:
        return {name: getattr(self, name) for name in self.ANSWER_FIELDS}

    @property
    def cleared(self) -> bool:
        """A coach recorded a medical clearance on this version."""
        return self.clearance_recorded_at is not None

    @property
    def awaiting_clearance(self) -> bool:
        return self.clearance_required and not self.cleared


class Notification(TenantModel):
    """An in-app notice for one person (the coach of a red flag, a client after a decision).

    Written only by the notification service (``coaching.notifications``), which also sends the
    email that goes with it. The table kept its first name when the model moved here from triage.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # One of ``coaching.core.notification_kinds.KINDS`` (blank for notices older than the kinds).
    kind = models.CharField(max_length=32, blank=True)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "triage_notification"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "user", "read_at"], name="notice_org_user")]


class EmailOptOut(TenantModel):
    """A person does not want emails of one kind from this organization (a row per kind turned
    off; kinds that must arrive ignore it). See ``coaching.core.notification_kinds``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user", "kind"], name="email_opt_out_once"
            )
        ]


class TokenUse(models.Model):
    """When an API token (DRF's ``authtoken.Token``) was last used, at a resolution of
    TOKEN_USE_RESOLUTION_MINUTES; the token dies TOKEN_TTL_DAYS later (coaching.core.token_rules).
    A token without a row counts from its creation."""

    token = models.OneToOneField(
        "authtoken.Token", primary_key=True, on_delete=models.CASCADE, related_name="use"
    )
    last_used_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"token of user {self.token.user_id} last used {self.last_used_at:%Y-%m-%d %H:%M}"
