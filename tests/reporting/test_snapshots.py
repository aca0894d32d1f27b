"""The daily snapshot job and command."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from reporting import tasks
from reporting.models import MetricsSnapshot
from reporting.snapshots import due_for_snapshot
from tests.factories import OrganizationFactory


@pytest.mark.parametrize(
    ("time_zone", "utc_hour", "due"),
    [
        ("UTC", 3, True),
        ("UTC", 2, False),
        ("Europe/Berlin", 2, True),  # 03:xx in Berlin in winter
        ("America/New_York", 8, True),
        ("America/New_York", 3, False),
    ],
)
def test_an_organization_is_due_at_three_in_its_own_time_zone(time_zone, utc_hour, due):
    organization = SimpleNamespace(id=1, time_zone=time_zone)
    now = datetime(2026, 1, 15, utc_hour, 20, tzinfo=UTC)

    assert due_for_snapshot([organization], now) == ([1] if due else [])


@pytest.mark.django_db
def test_the_fanout_stores_a_snapshot_for_each_organization_due(monkeypatch):
    due = OrganizationFactory(slug="due", time_zone="UTC")
    OrganizationFactory(slug="later", time_zone="Asia/Tokyo")
    monkeypatch.setattr(tasks.timezone, "now", lambda: datetime(2026, 1, 15, 3, 20, tzinfo=UTC))

    assert tasks.snapshot_fanout() == [due.id]
    assert list(MetricsSnapshot.unscoped.values_list("organization__slug", flat=True)) == ["due"]


@pytest.mark.django_db
def test_the_command_stores_todays_figures(org, capsys):
    call_command("snapshot_metrics", org=org.slug)

    assert MetricsSnapshot.unscoped.filter(organization=org).count() == 1
    assert "northside" in capsys.readouterr().out


@pytest.mark.django_db
def test_running_the_command_twice_keeps_one_snapshot_a_day(org):
    call_command("snapshot_metrics", org=org.slug)
    call_command("snapshot_metrics", org=org.slug)

    assert MetricsSnapshot.unscoped.filter(organization=org).count() == 1


@pytest.mark.django_db
def test_the_command_names_an_unknown_organization(org):
    with pytest.raises(CommandError, match="nowhere"):
        call_command("snapshot_metrics", org="nowhere")
