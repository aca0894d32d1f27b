"""Form checks: a short video or photo a client sends their coach (about a logged set, or on a
message), and the coach's comments, each tied to a moment of the video.

Where formchecks sits: coaching ← billing ← messaging ← programs ← formchecks. It reads clients,
tiers (``billing.review``), messages (it registers itself as their attachments) and set logs.
The file lives in the ``formchecks`` storage (``settings.STORAGES``) under ``file_name``; rows
never hold a URL, and the bytes are served only through ``formchecks.api.FormCheckFileView``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from coaching.tenancy import TenantModel
from formchecks.core.media import PHOTO, VIDEO, clock


class Kind(models.TextChoices):
    VIDEO = VIDEO, "Video"
    PHOTO = PHOTO, "Photo"


class FormCheck(TenantModel):
    client = models.ForeignKey("coaching.Client", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by_role = models.CharField(max_length=10)
    # What it shows: a logged set, and/or the message it was sent with.
    set_log = models.ForeignKey(
        "programs.SetLog", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.ForeignKey(
        "messaging.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(max_length=255)  # in the form-check storage
    kind = models.CharField(max_length=5, choices=Kind.choices)
    content_type = models.CharField(max_length=40)  # read from the content, never the name
    size_bytes = models.PositiveBigIntegerField()
    duration_seconds = models.FloatField(null=True, blank=True)  # videos
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["organization", "client", "-created_at"], name="formcheck_client"),
            models.Index(fields=["organization", "message"], name="formcheck_message"),
        ]

    def __str__(self) -> str:
        return f"Form check {self.pk} of {self.client_id}"

    @property
    def is_video(self) -> bool:
        return self.kind == Kind.VIDEO

    @property
    def length_words(self) -> str:
        return clock(self.duration_seconds) if self.duration_seconds is not None else ""


class FormComment(TenantModel):
    """A comment on a form check, tied to a moment of the video (``at_seconds``) or to none."""

    form_check = models.ForeignKey(FormCheck, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_role = models.CharField(max_length=10)
    at_seconds = models.FloatField(null=True, blank=True)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["organization", "form_check", "id"], name="formcomment_check"),
        ]

    @property
    def moment_words(self) -> str:
        return clock(self.at_seconds) if self.at_seconds is not None else ""
