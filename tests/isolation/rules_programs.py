from tests.isolation.framework import Rule, expect


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
    from programs.models import Recommendation

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
    from programs.models import ImportJob

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
