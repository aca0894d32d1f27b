"""Signals other apps listen to, so messaging never imports them."""

from django.dispatch import Signal

# Sent inside the writing transaction, in the organization's tenant scope, when a message is
# added to a thread, with message=<Message>, client=<Client>. Triage reads a client's words for
# red flags here, as it reads check-ins and logs.
message_posted = Signal()
