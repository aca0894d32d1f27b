"""Writes that span several rows: signing up a business, inviting, accepting.

Each runs in one transaction, so a failure leaves nothing half-made.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coaching import notifications
from coaching.models import Client, Invitation, Membership, Organization, Role, invitation_expiry
from coaching.signals import invitation_accepted
from coaching.tenancy import invitation_scope, tenant_scope

User = get_user_model()

RESERVED_SLUGS = frozenset({"new", "admin", "api", "static"})


def unique_slug(name: str) -> str:
    """A URL slug for a new organization: the name slugified, numbered if taken."""
    base = slugify(name)[:50].strip("-") or "coaching"
    taken = (
        set(Organization.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        | RESERVED_SLUGS
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


@dataclass
class Registration:
    user: User
    organization: Organization
    membership: Membership


@transaction.atomic
def register_business(
    *, email: str, password: str, organization_name: str, name: str = "", time_zone: str = "UTC"
) -> Registration:
    """A new user who owns a new organization."""
    user = User.objects.create_user(email=email, password=password, name=name)
    organization = Organization.objects.create(
        name=organization_name.strip(), slug=unique_slug(organization_name), time_zone=time_zone
    )
    with tenant_scope(organization, user):
        membership = Membership.objects.create(
            organization=organization, user=user, role=Role.OWNER
        )
    return Registration(user=user, organization=organization, membership=membership)


def find_invitation(token: str) -> Invitation | None:
    """The invitation a token names, in whichever organization it is (the token is the key)."""
    with transaction.atomic(), invitation_scope(token):
        return Invitation.unscoped.select_related("organization").filter(token=token).first()


def open_invitations_for(membership: Membership):
    """The open invitations a member may see (inside the organization's scope): the owner every
    one; a coach only the client invitations they made (never a coach invitation, whose token
    would make them a colleague of anyone)."""
    invitations = Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True)
    if membership.role != Role.OWNER:
        invitations = invitations.filter(role=Role.CLIENT, invited_by=membership.user)
    return invitations


@transaction.atomic
def create_invitation(
    *, organization: Organization, invited_by, email: str, role: str, coach=None, tier_id=None
) -> Invitation:
    """Invite someone; a client without a named coach is coached by the coach who invited them."""
    if role == Role.CLIENT and coach is None:
        inviter = Membership.objects.filter(user=invited_by).first()
        if inviter is not None and inviter.role == Role.COACH:
            coach = invited_by
    invitation = Invitation.objects.create(
        organization=organization,
        email=email.lower(),
        role=role,
        invited_by=invited_by,
        coach=coach if role == Role.CLIENT else None,
        tier_id=tier_id if role == Role.CLIENT else None,
        sent_at=timezone.now(),
    )
    notifications.email_invitation(invitation)
    return invitation


class InvitationClosed(ValueError):
    """The invitation was accepted or revoked: it cannot be sent again or revoked."""


def may_manage_invitation(membership: Membership, invitation: Invitation) -> bool:
    """Owners manage every invitation; a coach manages the client invitations they made (the
    ones ``open_invitations_for`` shows them)."""
    return membership.role == Role.OWNER or (
        membership.role == Role.COACH
        and invitation.role == Role.CLIENT
        and invitation.invited_by_id == membership.user_id
    )


@transaction.atomic
def resend_invitation(invitation: Invitation) -> Invitation:
    """Email the invitation again, valid for a full term from now (an expired one revives)."""
    now = timezone.now()
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(sent_at=now, expires_at=invitation_expiry())
    if not updated:
        raise InvitationClosed("This invitation was already accepted or revoked.")
    invitation.refresh_from_db()
    notifications.email_invitation(invitation)
    return invitation


@transaction.atomic
def revoke_invitation(invitation: Invitation) -> Invitation:
    """Withdraw an open invitation: its link stops working. Revoking twice changes nothing."""
    if invitation.revoked_at is not None:
        return invitation
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if not updated:
        invitation.refresh_from_db()
        if invitation.revoked_at is None:
            raise InvitationClosed("This invitation was already accepted.")
        return invitation
    invitation.refresh_from_db()
    return invitation


class AlreadyMember(ValueError):
    """The person an invitation is for already belongs to its organization."""


@dataclass
class Acceptance:
    user: User
    membership: Membership
    client: Client | None


@transaction.atomic
def accept_invitation(invitation: Invitation, *, user=None, password: str = "", name: str = ""):
    """Turn an open invitation into a membership (and a client record for clients).

    ``user`` is an existing account (already authenticated by the caller); otherwise a new one
    is created with ``password``. Someone already in the organization raises ``AlreadyMember``. The invitation is claimed with a conditional update, so two
    simultaneous accepts make one membership.
    """
    organization = invitation.organization
    if user is None:
        user = User.objects.create_user(email=invitation.email, password=password, name=name)
    with tenant_scope(organization, user):
        # A second invitation for someone already in (as a client, say): refuse, nothing claimed.
        if Membership.objects.filter(user=user).exists():
            raise AlreadyMember(
                f"{invitation.email} is already in {organization.name}; log in instead."
            )
        claimed = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(accepted_at=timezone.now(), accepted_by=user)
        if not claimed:
            raise ValueError("This invitation has already been accepted or was withdrawn.")
        membership = Membership.objects.create(
            organization=organization, user=user, role=invitation.role
        )
        client = None
        if invitation.role == Role.CLIENT:
            client = Client.objects.create(
                organization=organization, user=user, coach=invitation.coach
            )
        invitation.refresh_from_db()
        invitation_accepted.send(
            sender=Invitation, invitation=invitation, membership=membership, client=client
        )
    return Acceptance(user=user, membership=membership, client=client)
