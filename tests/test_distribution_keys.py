"""Every tenant table could be distributed by ``organization_id`` (Citus): a unique rule on a
tenant table must include the organization, or a distributed database could not enforce it.

Primary keys are the exception named in the README (the ``id`` column alone today; Citus would
need ``(organization_id, id)``), so they are left out here.
"""

from django.apps import apps
from django.db.models import UniqueConstraint

from coaching.models import Invitation
from coaching.tenancy import TenantModel


def tenant_models():
    return [m for m in apps.get_models() if issubclass(m, TenantModel)]


def unique_column_sets(model):
    """Each set of fields the database keeps unique on this model, besides the primary key."""
    opts = model._meta
    for field in opts.local_fields:
        if field.unique and not field.primary_key:
            yield f"{field.name} (unique=True)", {field.name}
    for fields in opts.unique_together:
        yield f"unique_together {fields}", set(fields)
    for constraint in opts.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.fields:
            yield constraint.name, set(constraint.fields)


def test_there_are_tenant_tables_to_check():
    assert len(tenant_models()) >= 20


def test_every_unique_rule_on_a_tenant_table_includes_the_organization():
    offenders = [
        f"{model._meta.label}: {name}"
        for model in tenant_models()
        for name, columns in unique_column_sets(model)
        if "organization" not in columns
    ]

    assert offenders == []


def test_the_check_sees_a_unique_rule_without_the_organization():

    class Probe:
        _meta = type(
            "Meta",
            (),
            {
                "local_fields": [Invitation._meta.get_field("email")],
                "unique_together": [("email", "role")],
                "constraints": [],
            },
        )()

    assert [cols for _, cols in unique_column_sets(Probe)] == [{"email", "role"}]
