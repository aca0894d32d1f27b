"""Storing, describing and deleting form checks. Runs inside the caller's transaction and tenant
scope; what a file is and what is accepted are the pure ``formchecks.core.media``."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coaching.models import Client, Role
from formchecks.core.media import Limits, Refusal, clock, inspect, moment_refusal
from formchecks.models import FormCheck, FormComment
from messaging.attachments import InvalidAttachments

logger = logging.getLogger(__name__)

MAX_NOTE_CHARS = 1000
MAX_COMMENT_CHARS = 2000


def storage():
    """The form-check storage (``settings.STORAGES["formchecks"]``): local files or a bucket."""
    return storages[settings.FORM_CHECK_STORAGE_ALIAS]


def signs_urls() -> bool:
    """Whether files are handed out as signed URLs of their bucket (S3) rather than streamed."""
    return settings.FORM_CHECK_STORAGE == "s3"


def signed_url(form_check: FormCheck, disposition: str) -> str:
    """A URL of the bucket that serves this one file for ``FORM_CHECK_SIGNED_URL_SECONDS``, with
    the type read at upload (S3's response overrides)."""
    return storage().url(
        form_check.file_name,
        parameters={
            "ResponseContentType": form_check.content_type,
            "ResponseContentDisposition": disposition,
            "ResponseCacheControl": "private, no-store",
        },
        expire=settings.FORM_CHECK_SIGNED_URL_SECONDS,
    )


def limits() -> Limits:
    return Limits(
        max_bytes=settings.FORM_CHECK_MAX_BYTES, max_seconds=settings.FORM_CHECK_MAX_SECONDS
    )


def text_refusal(field: str, text: str, limit: int, required: bool) -> Refusal | None:
    if "\x00" in text:
        return Refusal(field, "Null characters are not allowed.")
    if required and not text.strip():
        return Refusal(field, "Write a comment.")
    if len(text.strip()) > limit:
        return Refusal(field, f"Keep it to {limit} characters (this has {len(text.strip())}).")
    return None


def _set_of(client: Client, set_log_id):
    from programs.models import SetLog

    if set_log_id in (None, ""):
        return None
    try:
        set_log_id = int(set_log_id)
    except (TypeError, ValueError):
        raise Refusal("set_log", "Give the id of a set this client logged.") from None
    found = (
        SetLog.objects.select_related("exercise", "log")
        .filter(pk=set_log_id, log__client=client)
        .first()
    )
    if found is None:
        raise Refusal("set_log", "Not a set this client logged.")
    return found


def create_form_check(
    client: Client, *, uploaded_by, role: str, upload, set_log_id=None, note: str = "", now=None
) -> FormCheck:
    """Check the upload (size, type from content, length) and store it. Raises ``Refusal``
    (field, message, status) with nothing stored."""
    note = note or ""
    refusal = text_refusal("note", note, MAX_NOTE_CHARS, required=False)
    if refusal:
        raise refusal
    set_log = _set_of(client, set_log_id)
    found = inspect(upload, upload.size, limits())
    name = f"{client.organization_id}/{client.pk}/{uuid.uuid4().hex}.{found.media_type.extension}"
    upload.seek(0)
    stored = storage().save(name, upload)
    try:
        return FormCheck.objects.create(
            organization=client.organization,
            client=client,
            uploaded_by=uploaded_by,
            uploaded_by_role=role,
            set_log=set_log,
            file_name=stored,
            kind=found.media_type.kind,
            content_type=found.media_type.content_type,
            size_bytes=upload.size,
            duration_seconds=found.duration_seconds,
            note=note.strip(),
            created_at=now or timezone.now(),
        )
    except Exception:
        _delete_quietly(stored)
        raise


def add_comment(
    form_check: FormCheck, *, author, role: str, body: str, at_seconds=None
) -> FormComment:
    """A comment on the form check, at a moment of the video or none. Raises ``Refusal``."""
    refusal = text_refusal("body", body or "", MAX_COMMENT_CHARS, required=True)
    if refusal:
        raise refusal
    problem = moment_refusal(at_seconds, form_check.kind, form_check.duration_seconds)
    if problem:
        raise Refusal("at_seconds", problem)
    comment = FormComment.objects.create(
        organization=form_check.organization,
        form_check=form_check,
        author=author,
        author_role=role,
        at_seconds=None if at_seconds is None else round(float(at_seconds), 2),
        body=body.strip(),
    )
    if role != Role.CLIENT:
        _tell_client(form_check, comment)
    return comment


def _tell_client(form_check: FormCheck, comment: FormComment) -> None:
    """The client finds a notice in the app (their Today page) linking to the moment."""
    from coaching.core import notification_kinds
    from coaching.notifications import Note, notify

    slug = form_check.organization.slug
    at = f" at {clock(comment.at_seconds)}" if comment.at_seconds is not None else ""
    url = reverse("client_form_check", args=[slug, form_check.pk]) + "#comments"
    notify(
        form_check.organization,
        notification_kinds.FORM_CHECK_COMMENT,
        [
            Note(
                user=form_check.client.user,
                text=f"Your coach commented on your form check{at}: {comment.body[:200]}",
                url=url,
            )
        ],
    )


def set_words(set_log) -> str:
    """ "Barbell Squat, set 3: 5 × 100 kg" for a set a form check shows."""
    if set_log is None:
        return ""
    load = f"{set_log.load_kg.normalize():f}".rstrip(".")
    return f"{set_log.exercise.name}, set {set_log.set_index}: {set_log.reps} × {load} kg"


# -- deleting ---------------------------------------------------------------------------------


def _delete_quietly(name: str) -> None:
    try:
        storage().delete(name)
    except Exception:  # a missing file or an unreachable bucket must not undo the deletion
        logger.exception("Could not delete form-check file %s", name)


def delete_file_after_commit(sender, instance: FormCheck, **kwargs) -> None:
    """A form check's row is gone (the uploader, erasure, a cascade): its file goes once the
    deletion commits (a rolled-back deletion keeps the file its row still names)."""
    name = instance.file_name
    transaction.on_commit(lambda: _delete_quietly(name), robust=True)


def erase_client_files(sender, client: Client, **kwargs) -> None:
    """Deleting a client (``coaching.erasure``) deletes their form checks, comments and files:
    videos of a person are personal data, and no figure counts them."""
    FormCheck.objects.filter(client=client).delete()


# -- as attachments of messages ---------------------------------------------------------------


def page_url(role: str, organization_slug: str, form_check: FormCheck) -> str:
    if role == Role.CLIENT:
        return reverse("client_form_check", args=[organization_slug, form_check.pk])
    return reverse(
        "coach_form_check", args=[organization_slug, form_check.client_id, form_check.pk]
    )


def describe(form_check: FormCheck, role: str, organization_slug: str) -> dict:
    args = [organization_slug, form_check.client_id, form_check.pk]
    return {
        "id": form_check.pk,
        "kind": form_check.kind,
        "content_type": form_check.content_type,
        "size_bytes": form_check.size_bytes,
        "duration_seconds": form_check.duration_seconds,
        "url": reverse("api_form_check", args=args),
        "file_url": reverse("api_form_check_file", args=args),
        "page_url": page_url(role, organization_slug, form_check),
        "length_words": clock(form_check.duration_seconds) if form_check.duration_seconds else "",
    }


class MessageAttachments:
    """Form checks as the attachments of messages (``messaging.attachments``)."""

    def claim(self, client: Client, user, ids: list[int]):
        found = set(
            FormCheck.objects.filter(
                client=client, pk__in=ids, message__isnull=True, uploaded_by=user
            ).values_list("pk", flat=True)
        )
        if found != set(ids):
            raise InvalidAttachments(
                "Attach form checks you uploaded for this client that are on no message yet "
                f"(not: {', '.join(str(i) for i in ids if i not in found)})."
            )

        def attach(message) -> None:
            FormCheck.objects.filter(pk__in=ids, message__isnull=True).update(message=message)

        return attach

    def describe(self, messages, role: str, organization_slug: str) -> dict[int, list[dict]]:
        found: dict[int, list[dict]] = {}
        rows = FormCheck.objects.filter(message_id__in=[m.pk for m in messages]).order_by("id")
        for form_check in rows:
            found.setdefault(form_check.message_id, []).append(
                describe(form_check, role, organization_slug)
            )
        return found
