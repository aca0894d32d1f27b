"""The owner's figures as computed once a day (the cache of ``reporting.metrics``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from coaching.tenancy import TenantModel


class MetricsSnapshot(TenantModel):
    """One day's figures for one organization (per chart length), kept after the day ends.

    A row in the database rather than Django's cache: every web process and worker shares it,
    it survives restarts, and the days it keeps are the history of MRR and active clients,
    which nothing else records.
    """

    date = models.DateField()  # the organization's local date
    weeks = models.PositiveSmallIntegerField()
    computed_at = models.DateTimeField(default=timezone.now)
    # Tier count and last edit when computed: a tier added or edited since makes it stale.
    tiers_version = models.CharField(max_length=64)
    mrr = models.DecimalField(max_digits=12, decimal_places=2)
    active_clients = models.PositiveIntegerField()
    figures = models.JSONField()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "date", "weeks"], name="one_metrics_snapshot_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"metrics of {self.organization_id} on {self.date} ({self.weeks} weeks)"
