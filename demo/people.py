"""The demo organization's people: owner, two coaches, 41 clients (logins in CONTRACT.md)."""

import functools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from coaching.models import Client, Membership, Organization, Role
from coaching.tenancy import tenant_scope

DEMO_SLUG = "demo"
DEMO_PASSWORD = "spotter-demo"
DEMO_COACHES = [("coach@demo.test", "Casey Coach"), ("coach2@demo.test", "Robin Reyes")]
DEMO_CLIENT_NAMES = [
    "Alex Morgan",
    "Sam Patel",
    "Jordan Lee",
    "Taylor Brooks",
    "Jamie Chen",
    "Morgan Diaz",
    "Riley Novak",
    "Avery Singh",
    "Quinn Murphy",
    "Drew Okafor",
    "Parker Hughes",
    "Reese Tanaka",
    "Skyler Ruiz",
    "Cameron Walsh",
    "Emerson Park",
    "Hayden Kim",
    "Rowan Ellis",
    "Sage Romero",
    "Blake Foster",
    "Kendall Price",
    "Logan Ward",
    "Peyton Shaw",
    "Dakota Grant",
    "Jesse Moreno",
    "Finley Ortiz",
    "Harper Quinn",
    "Elliot Stone",
    "Marley Cruz",
    "Remy Cole",
    "Shawn Baker",
    "Toby Nash",
    "Noel Rivera",
    "Ari Lopez",
    "Kai Bennett",
    "Lane Fisher",
    "Milan Bose",
    "Nico Vance",
    "Oakley Reed",
    "Perry Long",
    "Rory Webb",
]


def _demo_password_hash() -> str:
    """The demo password hashed once per run: hashing is slow on purpose (about a second on a
    busy 2-core machine), and every demo login shares the password. Once per set of hashers,
    so a hash made before the hashers changed (the tests switch to a fast one) is not reused."""
    return _hash_with(tuple(settings.PASSWORD_HASHERS))


@functools.cache
def _hash_with(hashers: tuple[str, ...]) -> str:
    return make_password(DEMO_PASSWORD)


def _person(email: str, name: str):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=email, defaults={"name": name, "password": _demo_password_hash()}
    )
    if not created and user.password != _demo_password_hash():
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


def seed_people():
    """The demo organization, its owner, coaches and clients; returns (organization, owner,
    coaches, clients). Looked up by natural keys, so re-running creates nothing twice."""
    organization, _ = Organization.objects.get_or_create(
        slug=DEMO_SLUG, defaults={"name": "Demo Strength & Conditioning", "time_zone": "UTC"}
    )
    owner = _person("owner@demo.test", "Olivia Owner")
    coaches = [_person(email, name) for email, name in DEMO_COACHES]
    clients = []
    with tenant_scope(organization, owner):
        Membership.objects.get_or_create(
            organization=organization, user=owner, defaults={"role": Role.OWNER}
        )
        for coach in coaches:
            Membership.objects.get_or_create(
                organization=organization, user=coach, defaults={"role": Role.COACH}
            )
        people = [("client@demo.test", "Chris Client")] + [
            (f"{name.split()[0].lower()}.{name.split()[1].lower()}@demo.test", name)
            for name in DEMO_CLIENT_NAMES
        ]
        for index, (email, name) in enumerate(people):
            user = _person(email, name)
            Membership.objects.get_or_create(
                organization=organization, user=user, defaults={"role": Role.CLIENT}
            )
            client, _ = Client.objects.get_or_create(
                organization=organization,
                user=user,
                defaults={"coach": coaches[index % len(coaches)]},
            )
            clients.append(client)
    return organization, owner, coaches, clients
