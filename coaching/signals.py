"""Signals other apps listen to, so coaching never imports them."""

from django.dispatch import Signal

# Sent inside the accepting transaction, in the organization's tenant scope, with
# invitation=<Invitation>, membership=<Membership>, client=<Client or None>.
invitation_accepted = Signal()

# Sent when a coach approves an intake, with intake=<Intake>, client=<Client> (segment updated).
intake_approved = Signal()

# Sent inside the deleting transaction, in the organization's tenant scope, when a client's
# personal data is deleted (coaching.erasure), with client=<Client>, former_user=<User> (the
# login the client had), user=<User> (who the record points to now: the same user scrubbed, or
# a placeholder), label=<"Deleted client …">, replacements=[(old text, new text)] for text
# written about the client. Each app blanks the free text and identifiers it holds about the
# client and keeps the numbers.
client_anonymized = Signal()
