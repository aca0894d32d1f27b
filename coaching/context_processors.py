import contextlib

from django.db import connection, transaction

from coaching.models import Membership
from coaching.tenancy import user_scope


def navigation(request) -> dict:
    """The signed-in user's organizations (for the switcher) and the current one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Error pages render after the request's transaction ended; give them their own.
    outer = contextlib.nullcontext() if connection.in_atomic_block else transaction.atomic()
    with outer, user_scope(user):
        memberships = list(
            Membership.unscoped.filter(user=user)
            .select_related("organization")
            .order_by("organization__name")
        )
    return {
        "my_memberships": memberships,
        "current_organization": getattr(request, "organization", None),
        "current_membership": getattr(request, "membership", None),
    }
