"""A small, realistic coaching business for browser tests: an owner, two coaches, three tiers and
several clients whose history puts them green, yellow and (optionally) red.

Li Wei is the client whose day the journey follows: an approved intake, an active two-week plan
with today's lower-body session, last week's logs, a month of nightly scores and a deload the AI
proposed from two weeks of high fatigue, waiting for a coach.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from coaching.models import Client, Intake
from tests.factories import (
    PASSWORD,
    ClientFactory,
    MembershipFactory,
    OrganizationFactory,
    SubscriptionFactory,
    TierFactory,
)

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def log_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)


@dataclass
class World:
    org: object
    owner: object
    coach: object
    li: Client
    tiers: dict
    deload: object
    others: dict


def _approved_intake(client, coach) -> None:
    Intake.unscoped.create(
        organization=client.organization,
        client=client,
        version=1,
        status="approved",
        goals=["strength"],
        training_age_years=2,
        sessions_per_week=3,
        session_minutes=60,
        equipment=["barbell", "dumbbell"],
        injuries=[],
        health_screen={},
        stress_level=2,
        sleep_hours=7.5,
        risk="low",
        experience="intermediate",
        autonomy="medium",
        reviewed_by=coach,
        reviewed_at=timezone.now() - timedelta(days=30),
    )


def _plan(client):
    """An active two-week block: today's lower-body session, and the same a week later."""
    from programs.models import Exercise, PlannedWorkout, Prescription, Program, ProgramWeek

    org, today = client.organization, timezone.localdate()
    program = Program.unscoped.create(
        organization=org,
        client=client,
        name="Strength block 1",
        status="active",
        start_date=today,
        activated_at=timezone.now(),
    )
    squat = Exercise.unscoped.get(key="Barbell_Squat")
    bench = Exercise.unscoped.get(key="Barbell_Bench_Press_-_Medium_Grip")
    for index in (1, 2):
        week = ProgramWeek.unscoped.create(organization=org, program=program, index=index)
        workout = PlannedWorkout.unscoped.create(
            organization=org,
            week=week,
            program=program,
            client=client,
            day_index=1,
            planned_date=today + timedelta(days=7 * (index - 1)),
            name="Lower body",
        )
        for order, (exercise, load) in enumerate(((squat, 80), (bench, 60))):
            Prescription.unscoped.create(
                organization=org,
                workout=workout,
                exercise=exercise,
                order=order,
                sets=3 if index == 2 else 2,
                reps_min=5,
                reps_max=5,
                target_load_kg=load + 2.5 * (index - 1),
                target_rpe=8,
            )
    return program, squat, bench


def _past_logs(client, exercises, days=(7, 5, 3)) -> None:
    from programs.models import SetLog, WorkoutLog

    org, now = client.organization, timezone.now()
    for days_ago in days:
        log = WorkoutLog.unscoped.create(
            organization=org,
            client=client,
            client_uuid=uuid.uuid4(),
            performed_at=now - timedelta(days=days_ago),
            status="completed",
            session_rpe=8,
        )
        for exercise, load in exercises:
            for index in range(2):
                SetLog.unscoped.create(
                    organization=org,
                    log=log,
                    exercise=exercise,
                    set_index=index,
                    reps=5,
                    load_kg=load,
                    rpe=8,
                    e1rm_kg=round(load * 1.1667, 1),
                )


def _recent_sessions(client, planned_days_ago, completed_days_ago) -> None:
    """Sessions planned on ``planned_days_ago`` and completed on ``completed_days_ago`` (days
    before today), for the queue's two-week marks."""
    from programs.models import PlannedWorkout, Program, ProgramWeek, WorkoutLog

    org, today, now = client.organization, timezone.localdate(), timezone.now()
    program = Program.unscoped.create(
        organization=org,
        client=client,
        name="Travel block",
        status="active",
        start_date=today - timedelta(days=max(planned_days_ago)),
        activated_at=now - timedelta(days=max(planned_days_ago)),
    )
    week = ProgramWeek.unscoped.create(organization=org, program=program, index=1)
    for days_ago in planned_days_ago:
        day = today - timedelta(days=days_ago)
        PlannedWorkout.unscoped.create(
            organization=org,
            week=week,
            program=program,
            client=client,
            day_index=day.weekday(),
            planned_date=day,
            name="Full body",
        )
    for days_ago in completed_days_ago:
        WorkoutLog.unscoped.create(
            organization=org,
            client=client,
            client_uuid=uuid.uuid4(),
            performed_at=now - timedelta(days=days_ago),
            status="completed",
        )


def _scores(client, levels) -> None:
    """One nightly score per day, oldest first, ending yesterday."""
    from triage.models import AdherenceScore

    today = timezone.localdate()
    reasons = {
        "green": [],
        "yellow": [{"code": "low_completion", "text": "Completed 3 of 8 planned sessions."}],
        "red": [{"code": "new_pain", "text": "New pain reported."}],
    }
    AdherenceScore.unscoped.bulk_create(
        [
            AdherenceScore(
                organization=client.organization,
                client=client,
                date=today - timedelta(days=len(levels) - i),
                level=level,
                completion_28d={"green": 0.9, "yellow": 0.45, "red": 0.6}[level] - 0.005 * (i % 7),
                completion_90d=0.8,
                checkin_response_rate=0.9,
                readiness_z=((i % 9) - 4) / 3,
                risk=0.2,
                reasons=reasons[level],
            )
            for i, level in enumerate(levels)
        ]
    )


def _check_ins(client, weeks: int, *, fatigue: int, readiness: int, notes: str = "") -> None:
    from triage.models import CheckIn

    now = timezone.now()
    CheckIn.unscoped.bulk_create(
        [
            CheckIn(
                organization=client.organization,
                client=client,
                client_uuid=uuid.uuid4(),
                created_at=now - timedelta(days=7 * week + 1),
                readiness=readiness,
                sleep_quality=3,
                soreness=3,
                fatigue=fatigue,
                stress=3,
                mood=3,
                sleep_hours=6.5,
                notes=notes if week == 0 else "",
                level="yellow" if fatigue >= 4 else "green",
            )
            for week in range(weeks)
        ]
    )


def _deload(client):
    """The AI's deload for next week, from two weeks of high fatigue (the pure rule decides),
    queued or applied as the client's tier says."""
    from billing.review import review_decision
    from programs.core.adjustments import propose_deload
    from programs.models import Prescription, Recommendation

    proposal = propose_deload([4.0, 4.5, 4.5], [], [2.0, 2.0, 2.0])
    assert proposal is not None, "the deload rule no longer fires on two weeks of fatigue 4.5/5"
    decision = review_decision(client, "deload", "yellow")
    assert decision.action == "review", "the Assisted tier has a coach review a deload at yellow"
    today = timezone.localdate()
    next_week = Prescription.unscoped.filter(
        workout__client=client,
        workout__planned_date__gt=today,
        workout__planned_date__lte=today + timedelta(days=7),
    )
    changes = [
        {"prescription": p.pk, "field": "sets", "from": p.sets, "to": max(1, p.sets - 1)}
        for p in next_week
    ]
    return Recommendation.unscoped.create(
        organization=client.organization,
        client=client,
        kind="deload",
        status="pending_review",
        level="yellow",
        rationale=proposal.rationale,
        confidence=proposal.confidence,
        payload={**dict(proposal.payload), "changes": changes},
        source="ai",
        due_at=decision.due_at,
        created_at=timezone.now() - timedelta(hours=3),
    )


def _past_changes(client, coach) -> None:
    """What already changed in the plan: one change the AI made alone, one a coach reviewed."""
    from programs.models import Recommendation

    now = timezone.now()
    Recommendation.unscoped.create(
        organization=client.organization,
        client=client,
        kind="progression",
        status="auto_applied",
        rationale="Squat: 5 × 5 at effort 8 twice running, so the load goes up 2.5 kg.",
        confidence=0.8,
        applied_automatically=True,
        applied_at=now - timedelta(days=12),
        created_at=now - timedelta(days=12),
    )
    Recommendation.unscoped.create(
        organization=client.organization,
        client=client,
        kind="schedule_change",
        status="approved",
        rationale="Tuesday's session was logged on Wednesday four weeks running: move it.",
        confidence=0.7,
        decided_by=coach,
        decided_at=now - timedelta(days=9),
        decision_notes="Moved to Wednesday, thanks for telling me.",
        applied_at=now - timedelta(days=9),
        created_at=now - timedelta(days=10),
    )


def _item(client, *, level, kind, text, source="nightly", hours_old=2, due_in_hours=20):
    from triage.models import ReviewItem

    now = timezone.now()
    return ReviewItem.unscoped.create(
        organization=client.organization,
        client=client,
        level=level,
        reason_kind=kind,
        reasons=[{"code": kind, "text": text}],
        evidence=[{"at": now.isoformat(), "source": source, "reasons": []}],
        source=source,
        created_at=now - timedelta(hours=hours_old),
        due_at=now + timedelta(hours=due_in_hours),
        assigned_to=client.coach,
    )


def build_world(*, with_red: bool = False) -> World:
    """The business above. ``with_red`` adds a second client with an open red item (the
    screenshots want every level on the queue; the journey wants its own red at the top)."""
    org = OrganizationFactory(slug="ironside", name="Ironside Coaching")
    owner = MembershipFactory(
        organization=org, role="owner", user__email="olivia@ironside.test", user__name="Olivia Park"
    ).user
    coach = MembershipFactory(
        organization=org, role="coach", user__email="casey@ironside.test", user__name="Casey Coach"
    ).user
    coach2 = MembershipFactory(
        organization=org, role="coach", user__email="jo@ironside.test", user__name="Jo Marsh"
    ).user
    tiers = {
        "self": TierFactory(
            organization=org, name="Self-guided", service_model="ai_self_guided", monthly_price=29
        ),
        "assisted": TierFactory(
            organization=org, name="Assisted", service_model="assisted_hybrid", monthly_price=99
        ),
        "premium": TierFactory(
            organization=org,
            name="Premium",
            service_model="human_in_loop_premium",
            monthly_price=249,
        ),
    }

    def person(email, name, tier, who=coach):
        client = ClientFactory(
            organization=org,
            coach=who,
            user__email=email,
            user__name=name,
            risk="low",
            experience="intermediate",
            autonomy="medium",
            created_at=timezone.now() - timedelta(days=120),
        )
        SubscriptionFactory(
            client=client,
            tier=tiers[tier],
            status="active",
            price_charged=tiers[tier].monthly_price,
        )
        _approved_intake(client, who)
        return client

    li = person("li@ironside.test", "Li Wei", "assisted")
    _, squat, bench = _plan(li)
    _past_logs(li, [(squat, 77.5), (bench, 57.5)])
    _scores(li, ["green"] * 20 + ["yellow"] * 10)
    _check_ins(li, 3, fatigue=5, readiness=2, notes="Long shifts, legs heavy")
    _past_changes(li, coach)
    deload = _deload(li)

    ana = person("ana@ironside.test", "Ana Ruiz", "premium")
    _scores(ana, ["green"] * 15 + ["yellow"] * 15)
    _check_ins(ana, 4, fatigue=3, readiness=3, notes="Travelling for work")
    # Four a week, then the travel: 3 of the last 8 planned sessions done.
    _recent_sessions(ana, (13, 12, 10, 9, 6, 5, 3, 2), (13, 12, 10))
    _item(
        ana,
        level="yellow",
        kind="low_completion",
        text="Completed 3 of 8 planned sessions in the last 14 days; usual is 7 of 8.",
        hours_old=30,
        due_in_hours=-2,
    )
    ben = person("ben@ironside.test", "Ben Okafor", "assisted")
    _scores(ben, ["green"] * 25 + ["yellow"] * 5)
    _check_ins(ben, 2, fatigue=4, readiness=2)
    _item(
        ben,
        level="yellow",
        kind="human_requested",
        text="The client asked for a coach's decision: can I swap squats for leg press?",
        source="client_request",
        due_in_hours=20,
    )
    chloe = person("chloe@ironside.test", "Chloé Martin", "self")
    _scores(chloe, ["green"] * 30)
    _check_ins(chloe, 4, fatigue=2, readiness=4)
    dev = person("dev@ironside.test", "Dev Patel", "self", who=coach2)
    _scores(dev, ["green"] * 30)
    others = {"ana": ana, "ben": ben, "chloe": chloe, "dev": dev}
    if with_red:
        sam = person("sam@ironside.test", "Sam Lee", "premium")
        _scores(sam, ["green"] * 29 + ["red"])
        _check_ins(sam, 2, fatigue=3, readiness=3)
        _item(
            sam,
            level="red",
            kind="medical",
            text="Reported dizziness during training.",
            source="checkin",
            hours_old=0,
            due_in_hours=0.8,
        )
        others["sam"] = sam
    return World(
        org=org, owner=owner, coach=coach, li=li, tiers=tiers, deload=deload, others=others
    )
