import pytest

from coaching.tenancy import tenant_scope
from messaging import services


def say(client, author, role, body, **kwargs):
    """Post a message as a request would: inside the client's organization."""
    with tenant_scope(client.organization):
        return services.post_message(client, author=author, role=role, body=body, **kwargs)


@pytest.fixture
def post():
    return say
