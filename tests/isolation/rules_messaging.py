from tests.isolation.framework import PAGE_CLIENT_ONLY, PAGE_STAFF_ONLY, Rule, expect


def _client_kwargs(w):
    return {"org": w.org.slug, "pk": w.client_record.pk}


def _foreign_client(w):
    return {"org": w.org.slug, "pk": w.other_client.pk}


RULES = {
    "api_client_messages": Rule(
        expect(200, 200, 200, 404, 401), kwargs=_client_kwargs, foreign=_foreign_client
    ),
    "api_client_messages_read": Rule(
        expect(400, 400, 400, 404, 401),
        method="post",
        kwargs=_client_kwargs,
        foreign=_foreign_client,
    ),
    "client_messages": Rule(PAGE_CLIENT_ONLY),
    "client_messages_poll": Rule(expect(403, 403, 204, 404, 302)),
    "coach_inbox": Rule(PAGE_STAFF_ONLY),
    "coach_client_messages": Rule(
        expect(200, 200, 403, 404, 302), kwargs=_client_kwargs, foreign=_foreign_client
    ),
    "coach_client_messages_poll": Rule(
        expect(204, 204, 403, 404, 302), kwargs=_client_kwargs, foreign=_foreign_client
    ),
}
