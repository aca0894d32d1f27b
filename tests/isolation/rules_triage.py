import uuid
from datetime import date

from django.utils import timezone

from coaching.models import Client
from programs.models import Exercise, Program, Recommendation, SetLog, WorkoutLog
from tests.isolation.framework import (
    API_EVERY_MEMBER,
    API_STAFF_ONLY,
    PAGE_STAFF_ONLY,
    Rule,
    expect,
)
from triage.models import CheckIn, EscalationRule, Habit, ReplyTemplate, ReviewItem, WeeklySummary


def _items(world):

    for client in (world.client_record, world.other_client):
        world.extras[f"item_{client.organization.slug}"] = ReviewItem.unscoped.create(
            organization=client.organization,
            client=client,
            level="yellow",
            reason_kind="human_requested",
            reasons=[{"code": "human_requested", "text": "Asked"}],
            source="client_request",
            due_at=timezone.now(),
        )


def _rule_ids(world):

    world.extras["rule"] = EscalationRule.unscoped.filter(organization=world.org).first()
    world.extras["other_rule"] = EscalationRule.unscoped.filter(
        organization=world.other_org
    ).first()
    world.extras["template"] = ReplyTemplate.unscoped.filter(organization=world.org).first()
    world.extras["other_template"] = ReplyTemplate.unscoped.filter(
        organization=world.other_org
    ).first()


def _item_kwargs(w):
    return {"org": w.org.slug, "pk": w.extras[f"item_{w.org.slug}"].pk}


def _foreign_item(w):
    return {"org": w.org.slug, "pk": w.extras[f"item_{w.other_org.slug}"].pk}


RULES = {
    "api_client_scores": Rule(
        expect(200, 200, 200, 404, 401),
        kwargs=lambda w: {"org": w.org.slug, "pk": w.client_record.pk},
        foreign=lambda w: {"org": w.org.slug, "pk": w.other_client.pk},
    ),
    "api_client_trends": Rule(
        API_STAFF_ONLY,
        kwargs=lambda w: {"org": w.org.slug, "pk": w.client_record.pk},
        foreign=lambda w: {"org": w.org.slug, "pk": w.other_client.pk},
    ),
    "coach_home": Rule(PAGE_STAFF_ONLY, setup=_items),
    "review_resolve": Rule(
        expect(400, 400, 403, 404, 302),
        method="post",
        format="multipart",
        setup=_items,
        kwargs=_item_kwargs,
        foreign=_foreign_item,
    ),
    "api_review_queue": Rule(API_STAFF_ONLY, setup=_items),
    "api_review_resolve": Rule(
        expect(400, 400, 403, 404, 401),
        method="post",
        setup=_items,
        kwargs=_item_kwargs,
        foreign=_foreign_item,
    ),
    "api_escalation_rules": Rule(API_STAFF_ONLY),
    "api_escalation_rule_detail": Rule(
        API_STAFF_ONLY,
        setup=_rule_ids,
        kwargs=lambda w: {"org": w.org.slug, "pk": w.extras["rule"].pk},
        foreign=lambda w: {"org": w.org.slug, "pk": w.extras["other_rule"].pk},
    ),
    "api_reply_templates": Rule(API_STAFF_ONLY),
    "api_reply_template_detail": Rule(
        API_STAFF_ONLY,
        setup=_rule_ids,
        kwargs=lambda w: {"org": w.org.slug, "pk": w.extras["template"].pk},
        foreign=lambda w: {"org": w.org.slug, "pk": w.extras["other_template"].pk},
    ),
}


def _check_in(world):

    world.extras["check_in"] = CheckIn.unscoped.create(
        organization=world.org,
        client=world.client_record,
        readiness=3,
        sleep_quality=3,
        soreness=3,
        fatigue=3,
        stress=3,
        mood=3,
    )
    world.extras["other_check_in"] = CheckIn.unscoped.create(
        organization=world.other_org,
        client=world.other_client,
        readiness=3,
        sleep_quality=3,
        soreness=3,
        fatigue=3,
        stress=3,
        mood=3,
    )


def _workout_logs(world):

    squat = world.extras["squat"] = Exercise.unscoped.get(key="Barbell_Squat")
    for client in (world.client_record, world.other_client):
        log = world.extras[f"log_{client.organization.slug}"] = WorkoutLog.unscoped.create(
            organization=client.organization,
            client=client,
            client_uuid=uuid.uuid4(),
            performed_at=timezone.now(),
            status="completed",
        )
        SetLog.unscoped.create(
            organization=client.organization,
            log=log,
            exercise=squat,
            set_index=0,
            reps=5,
            load_kg=100,
            e1rm_kg=116.67,
        )


RULES.update(
    {
        "api_client_check_ins": Rule(
            expect(200, 200, 200, 404, 401),
            kwargs=lambda w: {"org": w.org.slug, "pk": w.client_record.pk},
            foreign=lambda w: {"org": w.org.slug, "pk": w.other_client.pk},
        ),
        "client_check_in": Rule(expect(403, 403, 200, 404, 302)),
        "client_history": Rule(expect(403, 403, 200, 404, 302)),
        "client_exercise": Rule(
            expect(403, 403, 200, 404, 302),
            setup=_workout_logs,
            kwargs=lambda w: {"org": w.org.slug, "pk": w.extras["squat"].pk},
        ),
        "client_session": Rule(
            expect(403, 403, 200, 404, 302),
            setup=_workout_logs,
            kwargs=lambda w: {"org": w.org.slug, "pk": w.extras[f"log_{w.org.slug}"].pk},
        ),
        "client_check_in_result": Rule(
            expect(403, 403, 200, 404, 302),
            setup=_check_in,
            kwargs=lambda w: {"org": w.org.slug, "pk": w.extras["check_in"].pk},
        ),
    }
)


RULES.update(
    {
        "owner_escalation": Rule(expect(200, 403, 403, 404, 302)),
        "owner_rule_update": Rule(
            expect(302, 403, 403, 404, 302),
            method="post",
            format="multipart",
            setup=_rule_ids,
            kwargs=lambda w: {"org": w.org.slug, "pk": w.extras["rule"].pk},
            body=lambda w: {"level": "yellow", "response_hours": "12", "action": "same_day_review"},
        ),
        "owner_template_new": Rule(
            expect(400, 403, 403, 404, 302), method="post", format="multipart"
        ),
        "owner_template_update": Rule(
            expect(400, 403, 403, 404, 302),
            method="post",
            format="multipart",
            setup=_rule_ids,
            kwargs=lambda w: {"org": w.org.slug, "pk": w.extras["template"].pk},
        ),
    }
)


def _pending(world):

    for client in (world.client_record, world.other_client):
        world.extras[f"prec_{client.organization.slug}"] = Recommendation.unscoped.create(
            organization=client.organization,
            client=client,
            kind="deload",
            status="pending_review",
            rationale="tired",
        )


RULES.update(
    {
        "coach_client": Rule(
            PAGE_STAFF_ONLY,
            kwargs=lambda w: {"org": w.org.slug, "pk": w.client_record.pk},
            foreign=lambda w: {"org": w.org.slug, "pk": w.other_client.pk},
        ),
        "coach_draft": Rule(
            expect(302, 302, 403, 404, 302),
            method="post",
            format="multipart",
            kwargs=lambda w: {"org": w.org.slug, "pk": w.client_record.pk},
            foreign=lambda w: {"org": w.org.slug, "pk": w.other_client.pk},
        ),
        "coach_decide": Rule(
            expect(302, 302, 403, 404, 302),
            method="post",
            format="multipart",
            setup=_pending,
            kwargs=lambda w: {"org": w.org.slug, "pk": w.extras[f"prec_{w.org.slug}"].pk},
            foreign=lambda w: {"org": w.org.slug, "pk": w.extras[f"prec_{w.other_org.slug}"].pk},
        ),
    }
)

RULES.update(
    {
        "client_plan": Rule(expect(403, 403, 200, 404, 302)),
        "client_settings": Rule(expect(403, 403, 200, 404, 302)),
        "client_ask_coach": Rule(
            expect(403, 403, 302, 404, 302), method="post", format="multipart"
        ),
    }
)


def _active_program(world):

    for client in (world.client_record, world.other_client):
        world.extras[f"program_{client.organization.slug}"] = Program.unscoped.create(
            organization=client.organization,
            client=client,
            name="Block",
            status="active",
            start_date="2026-11-02",
        )


RULES.update(
    {
        "coach_recommendations": Rule(PAGE_STAFF_ONLY),
        "coach_start_template": Rule(
            expect(302, 302, 403, 404, 302),
            method="post",
            format="multipart",
            kwargs=lambda w: {"org": w.org.slug, "pk": w.client_record.pk},
            foreign=lambda w: {"org": w.org.slug, "pk": w.other_client.pk},
        ),
        "coach_save_template": Rule(
            expect(302, 302, 403, 404, 302),
            method="post",
            format="multipart",
            setup=_active_program,
            kwargs=lambda w: {"org": w.org.slug, "pk": w.extras[f"program_{w.org.slug}"].pk},
            foreign=lambda w: {"org": w.org.slug, "pk": w.extras[f"program_{w.other_org.slug}"].pk},
        ),
    }
)

RULES.update({"client_home": Rule(expect(403, 403, 200, 404, 302))})

RULES.update(
    {
        "owner_question_add": Rule(
            expect(400, 403, 403, 404, 302), method="post", format="multipart"
        ),
    }
)


RULES.update(
    {
        "coach_flag": Rule(
            expect(302, 302, 403, 404, 302),
            method="post",
            format="multipart",
            kwargs=lambda w: {"org": w.org.slug, "pk": w.client_record.pk},
            body=lambda w: {"level": "yellow", "reason": "Sounded flat on the phone"},
            foreign=lambda w: {"org": w.org.slug, "pk": w.other_client.pk},
        ),
        "api_client_flag": Rule(
            expect(201, 201, 403, 404, 401),
            method="post",
            kwargs=lambda w: {"org": w.org.slug, "pk": w.client_record.pk},
            body=lambda w: {"level": "yellow", "reason": "Sounded flat on the phone"},
            foreign=lambda w: {"org": w.org.slug, "pk": w.other_client.pk},
        ),
    }
)


def _held(world):

    Client.unscoped.filter(pk__in=[world.client_record.pk, world.other_client.pk]).update(
        automation_hold=True
    )


def _client_kwargs(w):
    return {"org": w.org.slug, "pk": w.client_record.pk}


def _foreign_client(w):
    return {"org": w.org.slug, "pk": w.other_client.pk}


RULES.update(
    {
        "api_review_queue_by_client": Rule(API_STAFF_ONLY, setup=_items),
        "api_review_resolve_client": Rule(
            expect(200, 200, 403, 404, 401),
            method="post",
            setup=_items,
            kwargs=_client_kwargs,
            body=lambda w: {"resolution": "no_change", "message": "All good."},
            foreign=_foreign_client,
        ),
        "review_resolve_client": Rule(
            expect(302, 302, 403, 404, 302),
            method="post",
            format="multipart",
            setup=_items,
            kwargs=_client_kwargs,
            body=lambda w: {
                "resolution": "no_change",
                "message": "All good.",
                "items": w.extras[f"item_{w.org.slug}"].pk,
            },
            foreign=_foreign_client,
        ),
        "api_client_hold_release": Rule(
            expect(200, 200, 403, 404, 401),
            method="post",
            setup=_held,
            kwargs=_client_kwargs,
            body=lambda w: {"note": "Cleared by their doctor."},
            foreign=_foreign_client,
        ),
        "coach_hold_release": Rule(
            expect(302, 302, 403, 404, 302),
            method="post",
            format="multipart",
            setup=_held,
            kwargs=_client_kwargs,
            body=lambda w: {"note": "Cleared by their doctor."},
            foreign=_foreign_client,
        ),
    }
)


def _summaries(world):

    for client in (world.client_record, world.other_client):
        world.extras[f"summary_{client.organization.slug}"] = WeeklySummary.unscoped.create(
            organization=client.organization,
            client=client,
            week_start=date(2026, 11, 23),
            period_start=date(2026, 11, 22),
            period_end=date(2026, 11, 28),
            outlook="steady",
            suggested="no_change",
            lines=["Sessions: 4 of 4 planned done."],
            draft="Hi, good week.",
        )


def _summary_kwargs(w):
    return {"org": w.org.slug, "pk": w.extras[f"summary_{w.org.slug}"].pk}


def _foreign_summary(w):
    return {"org": w.org.slug, "pk": w.extras[f"summary_{w.other_org.slug}"].pk}


# Sends carry a blank body (400 for staff) so owner and coach can both ask of the same summary;
# escalation carries a note past its limit for the same reason.
RULES.update(
    {
        "api_weekly_summaries": Rule(API_STAFF_ONLY, setup=_summaries),
        "api_weekly_summary": Rule(
            API_STAFF_ONLY, setup=_summaries, kwargs=_summary_kwargs, foreign=_foreign_summary
        ),
        "api_weekly_summary_send": Rule(
            expect(400, 400, 403, 404, 401),
            method="post",
            setup=_summaries,
            kwargs=_summary_kwargs,
            foreign=_foreign_summary,
            body=lambda w: {"body": ""},
        ),
        "api_weekly_summary_escalate": Rule(
            expect(400, 400, 403, 404, 401),
            method="post",
            setup=_summaries,
            kwargs=_summary_kwargs,
            foreign=_foreign_summary,
            body=lambda w: {"note": "x" * 501},
        ),
        "coach_weekly_answer": Rule(
            expect(302, 302, 403, 404, 302),
            method="post",
            format="multipart",
            setup=_summaries,
            kwargs=_summary_kwargs,
            foreign=_foreign_summary,
            body=lambda w: {"action": "neither"},
        ),
    }
)


def _habits(world):

    for client in (world.client_record, world.other_client):
        world.extras[f"habit_{client.organization.slug}"] = Habit.unscoped.create(
            organization=client.organization, client=client, kind="steps", name="Steps"
        )


def _habit_kwargs(w):
    return {"org": w.org.slug, "pk": w.client_record.pk, "hid": w.extras[f"habit_{w.org.slug}"].pk}


def _foreign_habit(w):
    return {
        "org": w.org.slug,
        "pk": w.other_client.pk,
        "hid": w.extras[f"habit_{w.other_org.slug}"].pk,
    }


RULES.update(
    {
        "api_client_habits": Rule(
            API_EVERY_MEMBER,
            setup=_habits,
            kwargs=_client_kwargs,
            foreign=_foreign_client,
        ),
        "api_client_habit": Rule(
            expect(204, 204, 403, 404, 401),
            method="delete",
            setup=_habits,
            kwargs=_habit_kwargs,
            foreign=_foreign_habit,
        ),
        "api_client_habit_checks": Rule(
            expect(201, 201, 201, 404, 401),
            method="post",
            setup=_habits,
            kwargs=_habit_kwargs,
            foreign=_foreign_habit,
            body=lambda w: {},
        ),
        "api_client_habit_check_day": Rule(
            expect(204, 204, 204, 404, 401),
            method="delete",
            setup=_habits,
            kwargs=lambda w: {**_habit_kwargs(w), "day": w.client_record.today().isoformat()},
            foreign=lambda w: {**_foreign_habit(w), "day": w.other_client.today().isoformat()},
        ),
    }
)


RULES.update(
    {
        "coach_habit_assign": Rule(
            expect(302, 302, 403, 404, 302),
            method="post",
            format="multipart",
            kwargs=_client_kwargs,
            body=lambda w: {"kind": "steps"},
            foreign=_foreign_client,
        ),
        "coach_habit_archive": Rule(
            expect(302, 302, 403, 404, 302),
            method="post",
            format="multipart",
            setup=_habits,
            kwargs=_habit_kwargs,
            foreign=_foreign_habit,
        ),
    }
)
