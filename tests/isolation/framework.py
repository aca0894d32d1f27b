"""Isolation rules: for every named URL, who gets which status.

Each app keeps its rules in ``tests/isolation/rules_<app>.py`` as ``RULES = {url_name: Rule}``.
``test_every_endpoint.py`` walks the URL configuration, fails for any named URL without a rule,
and requests each one as owner, coach, client, outsider (a member of another organization)
and anonymous.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("owner", "coach", "client", "outsider", "anonymous")


@dataclass
class World:
    """The standing people and objects the rules build their requests from."""

    org: object
    other_org: object
    owner: object
    coach: object
    client_record: object
    outsider: object
    other_client: object  # a client of other_org
    extras: dict = field(default_factory=dict)


def expect(owner, coach, client, outsider, anonymous) -> dict[str, int]:
    return dict(zip(ROLES, (owner, coach, client, outsider, anonymous), strict=True))


@dataclass
class Rule:
    """How to call one URL and what each role must get.

    ``kwargs`` builds the URL's arguments from the world; ``body`` the request data.
    ``foreign`` builds arguments naming another organization's object inside our organization's
    URL: the owner must get 404 there. ``setup`` may create objects the URL needs (put them in
    ``world.extras``).
    """

    expected: dict[str, int]
    method: str = "get"
    kwargs: Callable[[World], dict] = lambda w: {"org": w.org.slug}
    body: Callable[[World], dict] | None = None
    foreign: Callable[[World], dict] | None = None
    setup: Callable[[World], None] | None = None
    format: str = "json"


# Common expectations.
API_STAFF_ONLY = expect(200, 200, 403, 404, 401)
API_EVERY_MEMBER = expect(200, 200, 200, 404, 401)
API_OWNER_ONLY = expect(200, 403, 403, 404, 401)
API_CLIENT_ONLY = expect(403, 403, 200, 404, 401)
PAGE_EVERY_MEMBER = expect(200, 200, 200, 404, 302)
PAGE_STAFF_ONLY = expect(200, 200, 403, 404, 302)
PAGE_OWNER_ONLY = expect(200, 403, 403, 404, 302)
PAGE_CLIENT_ONLY = expect(403, 403, 200, 404, 302)
