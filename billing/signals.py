"""What billing tells the apps built on it (billing imports none of them)."""

from django.dispatch import Signal

# A tier's new price reaches an existing client: kwargs ``subscription``, ``text`` (the notice in
# words), ``by`` (the owner who changed it). Messaging posts the notice into the client's thread.
price_change_announced = Signal()
