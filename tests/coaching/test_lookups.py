"""``field__any=[ids]``: the rows whose value is in the list, as ``__in`` would give."""

import pytest

from coaching.models import Client
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_any_finds_exactly_the_rows_listed(org):
    first, _, third = (ClientFactory(organization=org) for _ in range(3))

    found = Client.unscoped.filter(pk__any=[first.pk, third.pk])

    assert sorted(found.values_list("pk", flat=True)) == sorted([first.pk, third.pk])


def test_any_follows_a_foreign_key_like_in(org):
    client = ClientFactory(organization=org)
    ClientFactory(organization=org)

    assert list(Client.unscoped.filter(user_id__any=[client.user_id])) == [client]


def test_any_of_an_empty_list_finds_nothing(org):
    ClientFactory(organization=org)

    assert list(Client.unscoped.filter(pk__any=[])) == []
