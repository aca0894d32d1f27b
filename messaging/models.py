"""Each client's one thread with their coaching team, and its messages.

Where messaging sits: coaching ← billing ← messaging ← programs ← triage ← reporting. It reads
people (coaching) and what the client's tier allows (``billing.review.messaging_for``);
programs posts recommendation decisions into threads and triage posts a coach's reply when a
review item is resolved, so they read messaging, never the other way round.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from coaching.tenancy import TenantModel
from messaging.core.rules import side_of


class Thread(TenantModel):
    """The conversation between one client and their coaching team (every coach and owner of the
    organization reads it; the assigned coach is the one notified).

    Reading is tracked per side, as the id of the last message that side has read: the client,
    and the team (any coach or owner who opened the thread). ``*_emailed_up_to`` is the last
    message that side was emailed about, so a digest never repeats a message."""

    client = models.ForeignKey("coaching.Client", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(null=True, blank=True)
    client_read_up_to = models.BigIntegerField(default=0)
    team_read_up_to = models.BigIntegerField(default=0)
    client_emailed_up_to = models.BigIntegerField(default=0)
    team_emailed_up_to = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "client"], name="one_thread_per_client")
        ]
        indexes = [
            models.Index(fields=["organization", "last_message_at"], name="thread_org_last_message")
        ]

    def __str__(self) -> str:
        return f"Thread of {self.client}"


class AuthorRole(models.TextChoices):
    CLIENT = "client", "Client"
    COACH = "coach", "Coach"
    OWNER = "owner", "Owner"


class MessageSource(models.TextChoices):
    WRITTEN = "written", "Written"
    REVIEW_REPLY = "review_reply", "Reply to something the client reported"
    DECISION = "decision", "A decision about the client's plan"
    WEEKLY_REPLY = "weekly_reply", "A coach's reply to the weekly check-in"
    PRICE_NOTICE = "price_notice", "A notice that the client's price changes"


class Message(TenantModel):
    """One message in a thread. ``author_role`` is the author's role when they wrote it.
    Messages posted by Spotter on a coach's behalf (a review item's reply, a plan decision) name
    what they came from (``source`` and ``source_id``), once each.

    Attachments (form-check videos and photos) will hang off a message in their own model
    (a foreign key to Message), so a message stays one row whatever it carries."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_role = models.CharField(max_length=10, choices=AuthorRole.choices)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(
        max_length=16, choices=MessageSource.choices, default=MessageSource.WRITTEN
    )
    source_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source", "source_id"],
                condition=Q(source_id__isnull=False),
                name="message_once_per_source",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "thread", "id"], name="message_org_thread"),
            models.Index(fields=["organization", "created_at"], name="message_org_created"),
        ]

    @property
    def from_client(self) -> bool:
        return self.author_role == AuthorRole.CLIENT

    @property
    def side(self) -> str:
        return side_of(self.author_role)


class DigestSent(TenantModel):
    """When a person was last emailed about new messages in this organization (the digest goes
    at most once per ``coaching.core.notification_kinds.DIGEST_INTERVAL``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="digest_once_per_person")
        ]
