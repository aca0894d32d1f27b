import pytest
from django.db import IntegrityError, ProgrammingError, connection, transaction

from billing.models import Subscription
from coaching.api.base import OrganizationAPIView
from coaching.models import Client, Membership
from coaching.tenancy import (
    TenantScopeError,
    stripe_subscription_scope,
    tenant_scope,
    user_scope,
)
from tests.factories import ClientFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level security exists on Postgres only"
)


def test_the_scoped_manager_refuses_to_run_without_an_organization(org):
    with pytest.raises(TenantScopeError):
        list(Client.objects.all())


def test_the_scoped_manager_sees_only_the_organization_in_scope(org, other_org):
    mine = ClientFactory(organization=org)
    ClientFactory(organization=other_org)

    with tenant_scope(org):
        assert list(Client.objects.all()) == [mine]


def test_leaving_a_scope_restores_the_one_before(org, other_org):
    with tenant_scope(org):
        with tenant_scope(other_org):
            pass
        ClientFactory(organization=org)
        assert Client.objects.count() == 1


def test_an_api_view_may_not_override_get_queryset():
    with pytest.raises(TypeError, match="scope_queryset"):

        class Leaky(OrganizationAPIView):
            def get_queryset(self):
                return Client.unscoped.all()


@postgres_only
def test_row_level_security_is_forced_on_every_table_with_an_organization_id():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
            FROM pg_class c JOIN information_schema.columns col
              ON col.table_name = c.relname AND col.column_name = 'organization_id'
             AND col.table_schema = current_schema()
            WHERE c.relkind = 'r'
            """
        )
        rows = cursor.fetchall()
    assert rows
    assert all(enabled and forced for _, enabled, forced in rows), rows


@postgres_only
def test_the_app_role_is_neither_superuser_nor_allowed_to_bypass_rls(settings):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s",
            [settings.APP_DATABASE_ROLE],
        )
        assert cursor.fetchone() == (False, False)


@postgres_only
def test_a_deliberately_unscoped_query_inside_one_organization_sees_no_row_of_another(
    org, other_org, request
):
    ClientFactory(organization=org)
    ClientFactory(organization=other_org)
    request.getfixturevalue("as_app_role")

    with tenant_scope(org):
        seen = {client.organization_id for client in Client.unscoped.all()}
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT organization_id FROM coaching_client")
            raw = {row[0] for row in cursor.fetchall()}

    assert seen == {org.pk}
    assert raw == {org.pk}


@postgres_only
def test_row_level_security_refuses_writing_a_row_into_another_organization(
    org, other_org, coach, as_app_role
):
    with tenant_scope(org), pytest.raises(ProgrammingError), transaction.atomic():
        Membership.unscoped.create(organization=other_org, user=coach, role="client")


@postgres_only
def test_outside_any_scope_row_level_security_shows_nothing(org, request):
    ClientFactory(organization=org)
    request.getfixturevalue("as_app_role")

    assert Client.unscoped.count() == 0


@postgres_only
def test_a_user_scope_shows_the_users_own_memberships_across_organizations(
    org, other_org, coach, outsider, request
):
    Membership.unscoped.create(organization=other_org, user=coach, role="client")
    request.getfixturevalue("as_app_role")

    with user_scope(coach):
        assert Membership.unscoped.count() == 2
        assert not Membership.unscoped.filter(user=outsider).exists()


def test_a_user_joins_an_organization_once(org, coach):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.unscoped.create(organization=org, user=coach, role="client")


@postgres_only
def test_a_scope_left_by_a_database_error_raises_that_error_not_a_failed_cleanup(org):
    with (
        pytest.raises(ProgrammingError, match="no_such_table"),
        transaction.atomic(),
        tenant_scope(org),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT * FROM no_such_table")


@postgres_only
def test_a_stripe_subscription_scope_shows_the_one_subscription_with_that_stripe_id(
    org, other_org, request
):

    named = SubscriptionFactory(
        organization=org, client=ClientFactory(organization=org), stripe_subscription_id="sub_A"
    )
    SubscriptionFactory(
        organization=other_org,
        client=ClientFactory(organization=other_org),
        stripe_subscription_id="sub_B",
    )
    SubscriptionFactory(organization=org, client=ClientFactory(organization=org))
    request.getfixturevalue("as_app_role")

    with transaction.atomic(), stripe_subscription_scope("sub_A"):
        assert list(Subscription.unscoped.all()) == [named]
    with transaction.atomic(), stripe_subscription_scope(""):
        assert not Subscription.unscoped.exists()
