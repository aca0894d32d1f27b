"""Every named URL × every role: the expected status, so a new endpoint without a rule fails."""

import copy
import importlib
import pkgutil

import pytest
from django.test import Client as PageClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

import tests.isolation as isolation_package
from coaching.models import Role
from tests.conftest import rolled_back_at_the_end
from tests.factories import ClientFactory, MembershipFactory, OrganizationFactory
from tests.isolation.framework import ROLES, Rule, World

SKIPPED_NAMESPACES = {"admin"}


def all_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for module_info in pkgutil.iter_modules(isolation_package.__path__):
        if module_info.name.startswith("rules_"):
            module = importlib.import_module(f"tests.isolation.{module_info.name}")
            overlap = set(rules) & set(module.RULES)
            assert not overlap, f"rules defined twice: {overlap}"
            rules.update(module.RULES)
    return rules


def named_url_patterns(patterns=None) -> set[str]:
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace not in SKIPPED_NAMESPACES:
                names |= named_url_patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


RULES = all_rules()


def test_every_named_url_has_an_isolation_rule():
    missing = named_url_patterns() - set(RULES)
    assert not missing, f"add isolation rules for: {sorted(missing)}"


def test_every_rule_names_a_real_url():
    assert not set(RULES) - named_url_patterns()


@pytest.fixture(scope="module")
def standing_world(django_db_setup, django_db_blocker):
    """The two organizations and their people, built once for the module's ~800 cases (as the
    shared fixtures in tests/conftest.py build them); each case's own rows roll back with it."""
    with rolled_back_at_the_end(django_db_blocker):
        org = OrganizationFactory(name="Northside Strength", slug="northside")
        other_org = OrganizationFactory(name="Elsewhere Fitness", slug="elsewhere")
        coach = MembershipFactory(
            organization=org, role=Role.COACH, user__email="coach@north.test"
        ).user
        yield World(
            org=org,
            other_org=other_org,
            owner=MembershipFactory(
                organization=org, role=Role.OWNER, user__email="owner@north.test"
            ).user,
            coach=coach,
            client_record=ClientFactory(
                organization=org, coach=coach, user__email="client@north.test"
            ),
            outsider=MembershipFactory(
                organization=other_org, role=Role.OWNER, user__email="outsider@else.test"
            ).user,
            other_client=ClientFactory(organization=other_org, user__email="theirclient@else.test"),
        )


@pytest.fixture
def world(standing_world, db):
    """The standing world as this case's own copies: a rule's setup may change them."""
    return copy.deepcopy(standing_world)


def request_as(user, rule: Rule, world: World, url: str):
    """API URLs with a token (as integrations call them), pages with a session."""
    body = rule.body(world) if rule.body else {}
    if url.startswith("/api/"):
        caller = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            caller.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        if rule.method == "get":
            return caller.get(url)
        return getattr(caller, rule.method)(url, body, format=rule.format)
    caller = PageClient()
    if user is not None:
        caller.force_login(user)
    if rule.method == "get":
        return caller.get(url)
    if rule.format == "json":
        return getattr(caller, rule.method)(url, body, content_type="application/json")
    return getattr(caller, rule.method)(url, body)


def person(world: World, role: str):
    return {
        "owner": world.owner,
        "coach": world.coach,
        "client": world.client_record.user,
        "outsider": world.outsider,
        "anonymous": None,
    }[role]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(RULES))
def test_endpoint_answers_each_role_as_its_rule_says(world, name, role):
    rule = RULES[name]
    if rule.setup:
        rule.setup(world)
    url = reverse(name, kwargs=rule.kwargs(world))

    response = request_as(person(world, role), rule, world, url)

    assert response.status_code == rule.expected[role], (
        f"{rule.method.upper()} {url} as {role}: {response.status_code}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(name for name, rule in RULES.items() if rule.foreign))
def test_another_organizations_object_is_404_even_for_the_owner(world, name):
    rule = RULES[name]
    if rule.setup:
        rule.setup(world)
    url = reverse(name, kwargs=rule.foreign(world))

    response = request_as(world.owner, rule, world, url)

    assert response.status_code == 404
