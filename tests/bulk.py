"""Many rows quickly, for tests that compare a page at 10 and at 500 rows.

Everything is written with ``bulk_create`` through the unscoped managers (test setup is not a
request), so 500 clients with their subscription, check-in, score, review item, intake and
pending recommendation take a handful of queries instead of thousands.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from billing.models import Subscription
from coaching.models import Client, Intake, Membership, Role
from programs.models import Recommendation, SetLog, WorkoutLog
from triage.models import AdherenceScore, CheckIn, ReviewItem

LEVELS = ("red", "yellow", "yellow", "green")


def add_clients(org, coach, count: int, *, tier=None, start: int = 0) -> list[Client]:
    """``count`` active clients of ``coach``, each with the rows a coach's lists show: a
    subscription (when ``tier``), a check-in, last night's score, an open review item (red or
    yellow, some overdue), a submitted intake and a pending deload recommendation."""

    now = timezone.now()
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(
                email=f"bulk{start + i}@{org.slug}.test",
                name=f"Bulk Client {start + i:04d}",
                password="!",
            )
            for i in range(count)
        ]
    )
    Membership.unscoped.bulk_create(
        [Membership(organization=org, user=user, role=Role.CLIENT) for user in users]
    )
    clients = Client.unscoped.bulk_create(
        [Client(organization=org, user=user, coach=coach, risk="low") for user in users]
    )
    if tier is not None:
        Subscription.unscoped.bulk_create(
            [
                Subscription(
                    organization=org,
                    client=client,
                    tier=tier,
                    status="active",
                    price_charged=tier.monthly_price,
                )
                for client in clients
            ]
        )
    CheckIn.unscoped.bulk_create(
        [
            CheckIn(
                organization=org,
                client=client,
                client_uuid=uuid.uuid4(),
                created_at=now - timedelta(days=1),
                readiness=3,
                sleep_quality=3,
                soreness=2,
                fatigue=3,
                stress=2,
                mood=3,
                notes="Busy week at work",
                level=LEVELS[i % len(LEVELS)],
            )
            for i, client in enumerate(clients)
        ]
    )
    AdherenceScore.unscoped.bulk_create(
        [
            AdherenceScore(
                organization=org,
                client=client,
                date=timezone.localdate() - timedelta(days=1),
                level=LEVELS[i % len(LEVELS)],
                completion_28d=0.5,
                reasons=[{"code": "low_completion", "text": "Completed 4 of 8 sessions."}],
            )
            for i, client in enumerate(clients)
        ]
    )
    ReviewItem.unscoped.bulk_create(
        [
            ReviewItem(
                organization=org,
                client=client,
                level="red" if i % 4 == 0 else "yellow",
                reason_kind="low_completion",
                reasons=[{"code": "low_completion", "text": "Completed 4 of 8 sessions."}],
                evidence=[{"at": now.isoformat(), "source": "nightly", "reasons": []}],
                source="nightly",
                created_at=now - timedelta(hours=30),
                due_at=now + timedelta(hours=(i % 5) - 2),
                assigned_to=coach,
            )
            for i, client in enumerate(clients)
        ]
    )
    Intake.unscoped.bulk_create(
        [
            Intake(
                organization=org,
                client=client,
                version=1,
                status="submitted",
                goals=["strength"],
                risk="low",
                issues=[{"code": "sleep", "text": "Sleeps under six hours."}],
                submitted_at=now - timedelta(hours=i),
            )
            for i, client in enumerate(clients)
        ]
    )
    Recommendation.unscoped.bulk_create(
        [
            Recommendation(
                organization=org,
                client=client,
                kind="deload",
                status="pending_review",
                level="yellow",
                rationale="Fatigue has been high for two weeks.",
                payload={"to": "deload week"},
            )
            for client in clients
        ]
    )
    return clients


def add_history(client, count: int, *, exercise, start: int = 0) -> None:
    """``count`` more of everything the coach's client page lists for one client: workout logs
    with sets, check-ins, nightly scores, resolved and open review items, recommendations
    pending and decided."""

    org, now = client.organization, timezone.now()
    logs = WorkoutLog.unscoped.bulk_create(
        [
            WorkoutLog(
                organization=org,
                client=client,
                client_uuid=uuid.uuid4(),
                performed_at=now - timedelta(days=start + i, hours=1),
                status="completed",
            )
            for i in range(count)
        ]
    )
    SetLog.unscoped.bulk_create(
        [
            SetLog(
                organization=org,
                log=log,
                exercise=exercise,
                set_index=index,
                reps=5,
                load_kg=100,
                e1rm_kg=116.7,
            )
            for log in logs
            for index in range(3)
        ]
    )
    CheckIn.unscoped.bulk_create(
        [
            CheckIn(
                organization=org,
                client=client,
                client_uuid=uuid.uuid4(),
                created_at=now - timedelta(days=start + i, hours=2),
                readiness=3,
                sleep_quality=3,
                soreness=2,
                fatigue=3,
                stress=2,
                mood=3,
            )
            for i in range(count)
        ]
    )
    AdherenceScore.unscoped.bulk_create(
        [
            AdherenceScore(
                organization=org,
                client=client,
                date=timezone.localdate() - timedelta(days=start + i + 1),
                level=LEVELS[i % len(LEVELS)],
                completion_28d=0.6,
                readiness_z=-0.5,
            )
            for i in range(count)
        ]
    )
    ReviewItem.unscoped.bulk_create(
        [
            ReviewItem(
                organization=org,
                client=client,
                level="yellow",
                reason_kind=f"history-{start + i}",
                reasons=[{"code": "low_readiness", "text": "Readiness below usual."}],
                source="nightly",
                created_at=now - timedelta(days=start + i),
                due_at=now - timedelta(days=start + i) + timedelta(hours=24),
                status="open" if i % 2 else "resolved",
                resolution="" if i % 2 else "no_change",
                resolved_by=None if i % 2 else client.coach,
                resolved_at=None if i % 2 else now - timedelta(days=start + i),
                assigned_to=client.coach,
            )
            for i in range(count)
        ]
    )
    Recommendation.unscoped.bulk_create(
        [
            Recommendation(
                organization=org,
                client=client,
                kind="progression" if i % 2 else "deload",
                status="pending_review" if i % 2 else "approved",
                rationale="Hit the top of the rep range at the target effort twice.",
                payload={"to": "82.5 kg"},
                created_at=now - timedelta(days=start + i),
                decided_by=None if i % 2 else client.coach,
                decided_at=None if i % 2 else now - timedelta(days=start + i),
            )
            for i in range(count)
        ]
    )


def add_open_items(clients, per_client: int) -> None:
    """``per_client`` more open review items for each client (yellow, one red in three, each a
    reason of its own), so a queue card holds several."""

    now = timezone.now()
    ReviewItem.unscoped.bulk_create(
        [
            ReviewItem(
                organization=client.organization,
                client=client,
                level="red" if n % 3 == 2 else "yellow",
                reason_kind=f"extra-{n}",
                reasons=[{"code": f"extra-{n}", "text": f"Extra reason {n}."}],
                source="checkin",
                created_at=now - timedelta(hours=n + 1),
                due_at=now + timedelta(hours=n + 1),
                assigned_to=client.coach,
            )
            for client in clients
            for n in range(per_client)
        ]
    )
