from tests.isolation.framework import Rule, expect


def _client(w):
    return {"org": w.org.slug, "pk": w.client_record.pk}


def _foreign(w):
    return {"org": w.org.slug, "pk": w.other_client.pk}


RULES = {
    "api_exercises": Rule(expect(200, 200, 200, 404, 401)),
    "api_workout_logs": Rule(expect(200, 200, 200, 404, 401), kwargs=_client, foreign=_foreign),
}
