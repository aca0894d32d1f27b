"""The schema documents the errors around every operation's success, 415 among them."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def responses(path, method):
    document = SchemaGenerator().get_schema(request=None, public=True)
    return document["paths"][path][method]["responses"]


def test_an_operation_that_takes_a_body_documents_the_media_type_refusal():
    documented = responses("/api/v1/orgs/{org}/clients/{id}/subscription/", "post")

    assert {"400", "413", "415"} <= set(documented)


def test_an_operation_without_a_body_does_not_document_it():
    documented = responses("/api/v1/orgs/", "get")

    assert "415" not in documented


def test_a_form_body_sent_to_a_json_endpoint_is_refused_with_415(api, org, owner):
    client_record = ClientFactory(organization=org)

    answer = api(owner).generic(
        "POST",
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/subscription/",
        "tier=1",
        content_type="text/plain",
    )

    assert answer.status_code == 415
    assert "media type" in answer.json()["detail"]
