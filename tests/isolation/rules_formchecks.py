from django.core.files.uploadedfile import SimpleUploadedFile

from coaching.tenancy import tenant_scope
from formchecks.services import create_form_check
from tests.formchecks.builders import mp4
from tests.isolation.framework import PAGE_CLIENT_ONLY, Rule, expect

EVERY_MEMBER_API = expect(200, 200, 200, 404, 401)
STAFF_PAGE = expect(200, 200, 403, 404, 302)


def _make_check(w):
    """A video the world's client sent (stored like an upload)."""

    with tenant_scope(w.org):
        w.extras["form_check"] = create_form_check(
            w.client_record,
            uploaded_by=w.client_record.user,
            role="client",
            upload=SimpleUploadedFile("set.mp4", mp4(6), content_type="video/mp4"),
        )


def _client(w):
    return {"org": w.org.slug, "pk": w.client_record.pk}


def _foreign_client(w):
    return {"org": w.org.slug, "pk": w.other_client.pk}


def _check(w):
    return {**_client(w), "check_id": w.extras["form_check"].pk}


def _foreign_check(w):
    return {**_foreign_client(w), "check_id": w.extras["form_check"].pk}


def _check_page(w):
    return {"org": w.org.slug, "check_id": w.extras["form_check"].pk}


RULES = {
    "api_form_checks": Rule(EVERY_MEMBER_API, kwargs=_client, foreign=_foreign_client),
    "api_form_check": Rule(
        EVERY_MEMBER_API, kwargs=_check, foreign=_foreign_check, setup=_make_check
    ),
    "api_form_check_file": Rule(
        EVERY_MEMBER_API, kwargs=_check, foreign=_foreign_check, setup=_make_check
    ),
    "api_form_check_comments": Rule(
        expect(201, 201, 201, 404, 401),
        method="post",
        kwargs=_check,
        body=lambda w: {"body": "Hips rise first here.", "at_seconds": 2.5},
        foreign=_foreign_check,
        setup=_make_check,
    ),
    "client_form_checks": Rule(PAGE_CLIENT_ONLY),
    "client_form_check": Rule(
        expect(403, 403, 200, 404, 302), kwargs=_check_page, setup=_make_check
    ),
    "coach_form_checks": Rule(STAFF_PAGE, kwargs=_client, foreign=_foreign_client),
    "coach_form_check": Rule(STAFF_PAGE, kwargs=_check, foreign=_foreign_check, setup=_make_check),
}
