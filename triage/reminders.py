"""Morning reminders of the day's planned sessions (in the app and by email), once each.

``send_session_reminders`` runs for one organization at a moment; the Celery beat task calls it
every quarter hour for organizations whose morning window is open, and ``manage.py
send_reminders`` runs it by hand. Clients who turned reminders off, sessions already logged and
days that are not today get none. Each reminder is recorded per planned workout (unique in the
database), so a retried or repeated run sends nothing twice.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coaching import notification_kinds
from coaching.emails import absolute
from coaching.notifications import Note, notify
from coaching.tenancy import tenant_scope
from programs.models import PlannedWorkout, ProgramStatus, WorkoutLog
from triage.models import SessionReminder
from triage.reminder_rules import reminder_day, reminder_text


def local_now(organization, now: datetime | None = None) -> datetime:
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(organization.time_zone))


def send_session_reminders(organization, now: datetime | None = None) -> int:
    """Remind every client with a session planned today (local) who has not logged it and has
    reminders on; returns how many reminders were sent. Set-wise: a few queries whatever the
    number of clients."""
    now = now or timezone.now()
    day = reminder_day(local_now(organization, now))
    if day is None:
        return 0
    try:
        with transaction.atomic(), tenant_scope(organization):
            due = list(
                PlannedWorkout.objects.filter(
                    planned_date=day,
                    program__status=ProgramStatus.ACTIVE,
                    client__status="active",
                    client__reminders_enabled=True,
                )
                .exclude(pk__in=SessionReminder.objects.values("workout_id"))
                .exclude(
                    pk__in=WorkoutLog.objects.filter(workout__planned_date=day).values("workout_id")
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
