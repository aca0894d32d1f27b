"""Taking the day's snapshot for organizations (the job and the command share this)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.db import transaction

from coaching.models import Organization
from coaching.tenancy import tenant_scope
from reporting.metrics import DEFAULT_WEEKS, owner_metrics

# After the nightly scoring (02:00 local), so the day's figures include last night's scores.
SNAPSHOT_HOUR = 3


def snapshot_organization(organization: Organization, now: datetime | None = None) -> dict:
    """Compute and store today's figures for one organization (replacing any taken earlier)."""
    with transaction.atomic(), tenant_scope(organization):
        return owner_metrics(organization, weeks=DEFAULT_WEEKS, now=now, refresh=True)


def due_for_snapshot(organizations, now: datetime) -> list[int]:
    """The organizations where it is now the snapshot hour in their own time zone."""
    return [
        organization.id
        for organization in organizations
        if now.astimezone(zoneinfo.ZoneInfo(organization.time_zone)).hour == SNAPSHOT_HOUR
    ]
