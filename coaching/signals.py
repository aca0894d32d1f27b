"""Signals other apps listen to, so coaching never imports them."""

from django.dispatch import Signal

# Sent inside the accepting transaction, in the organization's tenant scope, with
# invitation=<Invitation>, membership=<Membership>, client=<Client or None>.
invitation_accepted = Signal()

# Sent when a coach approves an intake, with intake=<Intake>, client=<Client> (segment updated).
intake_approved = Signal()
