import pytest

from tests.factories import SubscriptionFactory, TierFactory


@pytest.fixture
def tier(org):
    return TierFactory(organization=org, name="Hybrid", service_model="assisted_hybrid")


@pytest.fixture
def subscription(client_record, tier):
    return SubscriptionFactory(client=client_record, tier=tier)
