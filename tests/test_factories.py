"""Every model of Spotter's apps has a factory, and each factory saves a row the database
accepts (its NOT NULL, foreign key and unique constraints), twice over."""

import inspect

import factory
import pytest
from django.apps import apps

from tests import factories

pytestmark = pytest.mark.django_db

OUR_APPS = ("coaching", "billing", "messaging", "formchecks", "programs", "triage", "reporting")


def model_factories() -> dict[str, type]:
    found = {}
    for _name, value in inspect.getmembers(factories, inspect.isclass):
        if issubclass(value, factory.django.DjangoModelFactory) and not value._meta.abstract:
            found[value._meta.get_model_class()._meta.label] = value
    return found


def test_every_model_of_our_apps_has_a_factory():
    ours = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and not model._meta.proxy
    }

    assert ours - set(model_factories()) == set()


@pytest.mark.parametrize("label", sorted(model_factories()))
def test_the_factory_saves_rows_the_database_accepts_more_than_once(label):
    made = [model_factories()[label]() for _ in range(2)]

    manager = type(made[0])._default_manager
    assert manager.filter(pk__in=[row.pk for row in made]).count() == 2
