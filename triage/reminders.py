"""Morning reminders of the day's planned sessions (in the app and by email), once each.

``send_session_reminders`` runs for one organization at a moment; the Celery beat task calls it
every quarter hour for organizations whose morning window is open, and ``manage.py
send_reminders`` runs it by hand. Clients who turned reminders off, sessions already logged and
days that are not today get none. Each reminder is recorded per planned workout (unique in the
database), so a retried or repeated run sends nothing twice.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from coaching.core import notification_kinds
from coaching.core.localtime import zone
from coaching.emails import absolute
from coaching.models import Client
from coaching.notifications import Note, notify
from coaching.tenancy import tenant_scope
from programs.models import PlannedWorkout, ProgramStatus, WorkoutLog
from triage.core.reminder_rules import reminder_day, reminder_text
from triage.models import SessionReminder


def local_now(organization, now: datetime | None = None, zone_name: str = "") -> datetime:
    """``now`` in a zone: the one named, else the organization's."""
    return (now or timezone.now()).astimezone(zone(zone_name or organization.time_zone))


def mornings(organization, own_zones, now: datetime) -> dict[str, date]:
    """The zones whose reminder window is open at ``now`` (own zones of clients, and "" for the
    organization's), each with its local day."""
    open_days = {}
    for zone_name in {"", *own_zones}:
        day = reminder_day(local_now(organization, now, zone_name))
        if day is not None:
            open_days[zone_name] = day
    return open_days


def _due_today(open_days: dict[str, date], prefix: str = "") -> Q:
    """Planned workouts (through ``prefix``) of clients whose morning it is, on their own day."""
    condition = Q(pk__in=[])
    for zone_name, day in open_days.items():
        condition |= Q(**{f"{prefix}planned_date": day, f"{prefix}client__time_zone": zone_name})
    return condition


def send_session_reminders(organization, now: datetime | None = None) -> int:
    """Remind every client with a session planned today (their local day, in the morning of
    their zone) who has not logged it and has reminders on; returns how many reminders were
    sent. Set-wise: a few queries whatever the number of clients."""
    now = now or timezone.now()
    try:
        with transaction.atomic(), tenant_scope(organization):
            own_zones = set(
                Client.objects.exclude(time_zone="").values_list("time_zone", flat=True).distinct()
            )
            open_days = mornings(organization, own_zones, now)
            if not open_days:
                return 0
            due = list(
                PlannedWorkout.objects.filter(
                    _due_today(open_days),
                    program__status=ProgramStatus.ACTIVE,
                    client__status="active",
                    client__reminders_enabled=True,
                )
                .exclude(pk__in=SessionReminder.objects.values("workout_id"))
                .exclude(
                    pk__in=WorkoutLog.objects.filter(_due_today(open_days, "workout__")).values(
                        "workout_id"
                    )
                )
                .select_related("client__user")
                .order_by("pk")
            )
            if not due:
                return 0
            # Claims the workouts: a concurrent run fails here and sends nothing.
            SessionReminder.objects.bulk_create(
                [
                    SessionReminder(
                        organization=organization, client=w.client, workout=w, sent_at=now
                    )
                    for w in due
                ]
            )
            home = reverse("client_home", args=[organization.slug])
            preferences = absolute(reverse("client_settings", args=[organization.slug]))
            # In the app and by email; the emails leave once the reminders are recorded.
            notify(
                organization,
                notification_kinds.SESSION_REMINDER,
                [
                    Note(
                        user=w.client.user,
                        text=reminder_text(w.name),
                        url=home,
                        created_at=now,
                        email={"url": home, "preferences_link": preferences},
                    )
                    for w in due
                ],
            )
    except IntegrityError:
        return 0  # another run is sending these reminders
    return len(due)
