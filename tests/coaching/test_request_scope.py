"""A failed request leaves nothing behind for the next one (issue 13 §1).

The tenant scope of an API view or a page is opened and closed by one ``with`` block around the
whole request, so a view that raises cannot leave it open for the garbage collector to close
later, inside another organization's request. Between requests the connection holds no tenant
setting and no organization is in scope.
"""

import logging

import pytest
from django.db import connection
from django.test import Client as PageClient
from rest_framework.test import APIClient

from coaching.models import Role
from coaching.tenancy import INVITATION_SETTING, ORG_SETTING, USER_SETTING, current_organization
from tests.factories import ClientFactory, MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.coaching.scope_urls")]

SURFACES = ("api", "page")
FAILURES = ("python", "database")


def visitor(surface: str, user):
    """The test client of one surface, signed in, answering a 500 instead of raising it."""
    browser = (APIClient if surface == "api" else PageClient)(raise_request_exception=False)
    browser.force_login(user)
    return browser


def tenant_settings() -> dict:
    """The tenant settings the connection holds now (Postgres), empty strings when unset."""
    if connection.vendor != "postgresql":
        return {}
    names = [ORG_SETTING, USER_SETTING, INVITATION_SETTING]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["current_setting(%s, true)"] * len(names)), names)
        return {name: value or "" for name, value in zip(names, cursor.fetchone(), strict=True)}


@pytest.fixture(autouse=True)
def failures_are_not_kept(monkeypatch):
    """pytest keeps every log record of a test, and the record of a 500 keeps its traceback and so
    the failed view: stop ``django.request`` there, as a server's log handler would."""
    monkeypatch.setattr(logging.getLogger("django.request"), "propagate", False)


@pytest.fixture
def northside(org):
    coach = MembershipFactory(organization=org, role=Role.COACH, user__email="c@north.test").user
    return coach, ClientFactory(organization=org, user__email="x@north.test")


@pytest.fixture
def elsewhere(other_org):
    coach = MembershipFactory(
        organization=other_org, role=Role.COACH, user__email="c@else.test"
    ).user
    return coach, ClientFactory(organization=other_org, user__email="x@else.test")


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("surface", SURFACES)
def test_after_a_request_fails_the_next_request_of_another_organization_sees_its_own_rows(
    surface, failure, org, other_org, northside, elsewhere
):
    (north_coach, _), (else_coach, else_client) = northside, elsewhere

    failed = visitor(surface, north_coach).get(f"/test-scope/{surface}/{org.slug}/?fail={failure}")
    assert failed.status_code == 500
    del failed  # its traceback holds the failed view: let the garbage collector have it

    answer = visitor(surface, else_coach).get(f"/test-scope/{surface}/{other_org.slug}/")

    assert answer.status_code == 200
    assert answer.json()["clients"] == [else_client.pk]
    if connection.vendor == "postgresql":
        assert answer.json()["rows"] == [else_client.pk]


@pytest.mark.parametrize("failure", (None, *FAILURES))
@pytest.mark.parametrize("surface", SURFACES)
def test_between_requests_no_organization_is_in_scope_and_the_connection_holds_no_tenant_setting(
    surface, failure, org, northside
):
    query = f"?fail={failure}" if failure else ""

    answer = visitor(surface, northside[0]).get(f"/test-scope/{surface}/{org.slug}/{query}")

    assert answer.status_code == (500 if failure else 200)
    assert current_organization() is None
    assert set(tenant_settings().values()) <= {""}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="roles exist on Postgres only")
@pytest.mark.parametrize("surface", SURFACES)
def test_a_request_in_the_tests_runs_as_the_app_role_and_the_test_as_the_batch_role(
    surface, org, northside, settings
):
    answer = visitor(surface, northside[0]).get(f"/test-scope/{surface}/{org.slug}/")

    assert answer.json()["role"] == settings.APP_DATABASE_ROLE
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (settings.BATCH_DATABASE_ROLE,)
