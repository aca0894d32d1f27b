from programs.models import (
    Exercise,
    ImportJob,
    PlannedWorkout,
    Prescription,
    Program,
    ProgramWeek,
    Recommendation,
)
from tests.isolation.framework import API_STAFF_ONLY, PAGE_STAFF_ONLY, Rule, expect


def _client(w):
    return {"org": w.org.slug, "pk": w.client_record.pk}


def _foreign(w):
    return {"org": w.org.slug, "pk": w.other_client.pk}


RULES = {
    "api_exercises": Rule(expect(200, 200, 200, 404, 401)),
    "api_workout_logs": Rule(expect(200, 200, 200, 404, 401), kwargs=_client, foreign=_foreign),
    "api_personal_bests": Rule(expect(200, 200, 200, 404, 401), kwargs=_client, foreign=_foreign),
}


def _recommendations(world):

    for client in (world.client_record, world.other_client):
        world.extras[f"rec_{client.organization.slug}"] = Recommendation.unscoped.create(
            organization=client.organization,
            client=client,
            kind="progression",
            status="pending_review",
            rationale="add 2.5 kg",
        )


RULES.update(
    {
        # Allowed staff reach the gate: no approved intake yet → 409.
        "api_program_draft": Rule(
            expect(409, 409, 403, 404, 401), method="post", kwargs=_client, foreign=_foreign
        ),
        "api_programs": Rule(expect(200, 200, 200, 404, 401), kwargs=_client, foreign=_foreign),
        "api_recommendations": Rule(expect(200, 200, 200, 404, 401)),
        "api_recommendation_decision": Rule(
            expect(400, 400, 403, 404, 401),
            method="post",
            setup=_recommendations,
            kwargs=lambda w: {"org": w.org.slug, "pk": w.extras[f"rec_{w.org.slug}"].pk},
            foreign=lambda w: {"org": w.org.slug, "pk": w.extras[f"rec_{w.other_org.slug}"].pk},
        ),
    }
)

RULES.update(
    {
        "api_imports": Rule(
            expect(400, 400, 400, 404, 401),
            method="post",
            format="multipart",
            kwargs=_client,
            foreign=_foreign,
        ),
    }
)


def _import_jobs(world):

    for client in (world.client_record, world.other_client):
        world.extras[f"import_{client.organization.slug}"] = ImportJob.unscoped.create(
            organization=client.organization,
            client=client,
            format="strong",
            status="done",
            result={"created_logs": 0, "created_sets": 0},
        )


def _job(w):
    return {
        "org": w.org.slug,
        "pk": w.client_record.pk,
        "job_id": w.extras[f"import_{w.org.slug}"].pk,
    }


def _foreign_job(w):
    job = w.extras[f"import_{w.other_org.slug}"]
    return {"org": w.org.slug, "pk": w.other_client.pk, "job_id": job.pk}


RULES.update(
    {
        "api_import_job": Rule(
            expect(200, 200, 200, 404, 401), setup=_import_jobs, kwargs=_job, foreign=_foreign_job
        ),
        "client_import_job": Rule(
            expect(403, 403, 200, 404, 302),
            setup=_import_jobs,
            kwargs=lambda w: {"org": w.org.slug, "job_id": w.extras[f"import_{w.org.slug}"].pk},
        ),
        "coach_import_job": Rule(
            expect(200, 200, 403, 404, 302), setup=_import_jobs, kwargs=_job, foreign=_foreign_job
        ),
    }
)

RULES.update(
    {
        "client_import": Rule(expect(403, 403, 200, 404, 302)),
        "coach_import": Rule(expect(200, 200, 403, 404, 302), kwargs=_client, foreign=_foreign),
        "coach_training": Rule(expect(200, 200, 403, 404, 302), kwargs=_client, foreign=_foreign),
    }
)


def _programs(world):
    """A program with one workout and one prescription for our client and the other's."""

    exercise = Exercise.unscoped.filter(organization__isnull=True).first()
    for client in (world.client_record, world.other_client):
        org = client.organization
        program = Program.unscoped.create(
            organization=org, client=client, name="Block", status="active", start_date="2030-01-07"
        )
        week = ProgramWeek.unscoped.create(organization=org, program=program, index=1)
        workout = PlannedWorkout.unscoped.create(
            organization=org,
            week=week,
            program=program,
            client=client,
            day_index=1,
            planned_date="2030-01-07",
            name="Full body A",
        )
        prescription = Prescription.unscoped.create(
            organization=org,
            workout=workout,
            exercise=exercise,
            order=0,
            sets=3,
            reps_min=8,
            reps_max=10,
        )
        world.extras[f"program_{org.slug}"] = (program, prescription)


def _program(w):
    return {"org": w.org.slug, "pk": w.extras[f"program_{w.org.slug}"][0].pk}


def _foreign_program(w):
    return {"org": w.org.slug, "pk": w.extras[f"program_{w.other_org.slug}"][0].pk}


def _prescription(w):
    program, prescription = w.extras[f"program_{w.org.slug}"]
    return {"org": w.org.slug, "pk": program.pk, "prescription": prescription.pk}


def _foreign_prescription(w):
    program, prescription = w.extras[f"program_{w.other_org.slug}"]
    return {"org": w.org.slug, "pk": program.pk, "prescription": prescription.pk}


RULES.update(
    {
        # An empty body: staff get the field errors, a client may not edit, outsiders see 404.
        "api_program_edits": Rule(
            expect(400, 400, 403, 404, 401),
            method="post",
            setup=_programs,
            kwargs=_program,
            foreign=_foreign_program,
        ),
        "api_swap_options": Rule(
            API_STAFF_ONLY, setup=_programs, kwargs=_prescription, foreign=_foreign_prescription
        ),
        "coach_program_editor": Rule(
            PAGE_STAFF_ONLY, setup=_programs, kwargs=_program, foreign=_foreign_program
        ),
    }
)
