"""Every operation that takes a JSON body, sent what a Python client cannot even build: a value
nested 50,000 deep, 1e999, NUL characters, a megabyte of text, a 3 MB body; in every field.
Each must be answered in JSON without a server error, with a status the schema documents (400
naming the field, or 413)."""

from __future__ import annotations

import json

import pytest
from django.core import signals
from django.db import close_old_connections

from tests.conftest import api_client_for
from tests.fuzz.test_api_schema import _served_schema, world  # noqa: F401  (the fuzz world)

DEEP = "[" * 50_000 + "]" * 50_000
DOCUMENT = _served_schema()


def _json_operations() -> list[tuple[str, str, list[str]]]:
    """(method, path, properties) of every operation whose request body is JSON."""
    found = []
    for path, operations in DOCUMENT["paths"].items():
        for method, operation in operations.items():
            content = (operation.get("requestBody") or {}).get("content", {})
            if "application/json" not in content:
                continue
            body_schema = content["application/json"]["schema"]
            if "$ref" in body_schema:
                body_schema = DOCUMENT["components"]["schemas"][body_schema["$ref"].split("/")[-1]]
            found.append((method, path, sorted(body_schema.get("properties", {})) or ["x"]))
    return found


OPERATIONS = _json_operations()


def _raw_values(field: str) -> list[str]:
    key = json.dumps(field)
    return [
        "{" + key + ": " + DEEP + "}",
        "{" + key + ": 1e999}",
        "{" + key + ": -1e999}",
        "{" + key + ": NaN}",
        "{" + key + ': "nul\\u0000here"}',
        "{" + key + ': {"k\\u0000": 1}}',
        "{" + key + ": -1}",
        "{" + key + ': "' + "x" * 100_000 + '"}',
    ]


def _whole_bodies(field: str) -> list[str]:
    key = json.dumps(field)
    return [
        DEEP,
        "{" + key + ': "' + "x" * 1_000_000 + '"}',
        "{" + key + ': "' + "x" * (3 * 1024 * 1024) + '"}',
        '{"unclosed": ',
    ]


@pytest.fixture
def aimed(world):  # noqa: F811
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield world
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _url(path: str, aimed_world) -> str:
    url = path.replace("{org}", aimed_world["org"].slug).replace("{token}", aimed_world["token"])
    if "{id}" in url:
        collection = path.split("/{id}")[0].rsplit("/", 1)[-1]
        url = url.replace("{id}", str(aimed_world["ids"][collection]))
    return url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "fields"), OPERATIONS, ids=[f"{m.upper()} {p}" for m, p, _ in OPERATIONS]
)
def test_hostile_bodies_in_every_field_are_answered_in_json_without_a_server_error(
    aimed, method, path, fields
):
    client = api_client_for(aimed["owner"])
    url = _url(path, aimed)
    documented = set(DOCUMENT["paths"][path][method]["responses"])
    bodies = [body for field in fields for body in _raw_values(field)] + _whole_bodies(fields[0])
    for body in bodies:
        response = client.generic(
            method.upper(), url, body.encode(), content_type="application/json"
        )

        assert response.status_code < 500, (method, path, body[:80], response.content[:300])
        assert str(response.status_code) in documented, (method, path, body[:80])
        assert response["Content-Type"].startswith("application/json"), (method, path, body[:80])
