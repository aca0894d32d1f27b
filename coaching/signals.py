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

# Questions coaching asks the apps built on it, as signals whose receivers answer (coaching reads
# the answers from ``Signal.send``; ``coaching.extensions`` puts them together):
# - client_list_annotations(queryset=<Client queryset>) -> {name: expression}: annotations for
#   client lists (billing: the tier and subscription status; triage: the traffic light), one
#   subquery each whatever the number of clients;
client_list_annotations = Signal()
# - tier_check(organization=<Organization>, tier_id=<int>) -> bool: an invitation's tier is real;
tier_check = Signal()
# - tier_options(organization=<Organization>) -> [(tier id, label)]: for the invitation form;
tier_options = Signal()
# - price_impact_asked(client=<Client>, risk=<str | None>) -> dict | None: what the risk does to
#   the client's price on their tier.
price_impact_asked = Signal()
