"""Deleting a client: their personal data goes, the numbers stay.

``anonymize_client`` replaces the client's name with "Deleted client <short hash>", takes away
their login to this organization (and makes it unusable when they belong to no other one),
blanks the free text coaching holds about them (intake notes, preferences, constraints, review
notes, injury notes), deletes their invitations, records ``anonymized_at`` and archives the
client; then sends ``client_anonymized`` so the other apps blank theirs (log notes, check-in
notes and answers in words, messages, billing identifiers). Numbers, dates and categories
(sets, loads, check-in scales, scores, review items and their timing) are kept, so the
organization's figures do not change when a client leaves.

Idempotent: the claim is a conditional update on ``anonymized_at``; deleting twice does nothing
the second time. Runs inside the caller's transaction (requests are atomic), so a failure in any
app leaves nothing half-anonymized.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.crypto import salted_hmac
from rest_framework.authtoken.models import Token

from coaching.models import (
    Client,
    ClientStatus,
    EmailOptOut,
    Intake,
    Invitation,
    Membership,
    Notification,
)
from coaching.signals import client_anonymized
from coaching.tenancy import user_scope


class ErasureBlocked(Exception):
    """An app cannot let the client go yet (say, Stripe would keep charging); nothing is changed."""


DELETED_EMAIL_DOMAIN = "deleted.invalid"  # .invalid never resolves (RFC 2606): mail goes nowhere
INTAKE_TEXT_FIELDS = ("goal_notes", "health_notes", "preferences", "constraints", "review_notes")


def short_hash(client: Client) -> str:
    """Eight hex characters naming a deleted client, stable for the client, secret-keyed."""
    value = f"{client.organization_id}:{client.pk}"
    return salted_hmac("spotter.deleted-client", value).hexdigest()[:8]


def deleted_label(client: Client) -> str:
    return f"Deleted client {short_hash(client)}"


def keep_codes(items) -> list[dict]:
    """Reasons or issues reduced to their codes (their sentences may quote the person)."""
    return [
        {"code": item["code"]} for item in items or [] if isinstance(item, dict) and "code" in item
    ]


def injuries_without_notes(injuries) -> list[dict]:
    return [
        {key: injury[key] for key in ("area", "current") if key in injury}
        for injury in injuries or []
        if isinstance(injury, dict)
    ]


MIN_NAME_LENGTH_REPLACED = 4  # shorter names are too likely to be part of other words


def identity_replacements(name: str, email: str, label: str) -> list[tuple[str, str]]:
    """What to rewrite in text written about the client (notices to coaches): the email, the
    full name when long enough to be unambiguous, and "for <display name>:" as notices say it.
    Longest first, so an email is replaced before the name inside it."""
    display_name = name or email.split("@")[0]
    pairs = {(email, label), (f"for {display_name}:", f"for {label}:")}
    if len(name) >= MIN_NAME_LENGTH_REPLACED:
        pairs.add((name, label))
    return sorted((p for p in pairs if p[0]), key=lambda pair: len(pair[0]), reverse=True)


def numeric_answers(answers) -> dict:
    """The organization's own check-in questions: keep answers on a scale, drop answers in words."""
    kept = {}
    for key, answer in (answers or {}).items():
        if isinstance(answer, bool):
            continue
        if isinstance(answer, int | float):
            kept[key] = answer
        elif isinstance(answer, str) and answer.strip().isdigit():
            kept[key] = int(answer)
    return kept


def _belongs_elsewhere(user, organization) -> bool:
    # Row-level security shows a user's own memberships across organizations in user_scope.
    with user_scope(user):
        return (
            Membership.unscoped.filter(user=user).exclude(organization_id=organization.pk).exists()
        )


def _scrub_user(user, label: str, hash_: str) -> None:

    user.email = f"deleted-{user.pk}-{hash_}@{DELETED_EMAIL_DOMAIN}"
    user.name = label
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "name", "is_active", "password"])
    Token.objects.filter(user=user).delete()


def anonymize_client(client: Client, *, now=None) -> bool:
    """Delete the client's personal data and keep the numbers. False if already done.

    All or nothing: an app that raises ``ErasureBlocked`` undoes every change (a savepoint, so
    the caller may answer with the reason inside its own transaction)."""
    with transaction.atomic():
        return _anonymize(client, now or timezone.now())


def _anonymize(client: Client, now) -> bool:
    claimed = Client.objects.filter(pk=client.pk, anonymized_at__isnull=True).update(
        anonymized_at=now, status=ClientStatus.ARCHIVED, automation_hold=False
    )
    if not claimed:
        return False
    client.refresh_from_db()
    organization = client.organization
    former_user = get_user_model().objects.get(pk=client.user_id)
    hash_ = short_hash(client)
    label = deleted_label(client)
    replacements = identity_replacements(former_user.name, former_user.email, label)

    Invitation.objects.filter(email__iexact=former_user.email).delete()
    Invitation.objects.filter(accepted_by=former_user).delete()
    Membership.objects.filter(user=former_user).delete()
    if _belongs_elsewhere(former_user, organization):
        # The login still serves other organizations: this record moves to a placeholder
        # person with no login, so nothing here leads back to them.
        placeholder = get_user_model().objects.create_user(
            email=f"deleted-client-{client.pk}-{hash_}@{DELETED_EMAIL_DOMAIN}",
            password=None,
            name=label,
            is_active=False,
        )
        client.user = placeholder
        client.save(update_fields=["user"])
        Intake.objects.filter(client=client, submitted_by=former_user).update(
            submitted_by=placeholder
        )
    else:
        _scrub_user(former_user, label, hash_)

    for intake in Intake.objects.filter(client=client):
        for name in INTAKE_TEXT_FIELDS:
            setattr(intake, name, "")
        intake.injuries = injuries_without_notes(intake.injuries)
        intake.segment_reasons = keep_codes(intake.segment_reasons)
        intake.issues = keep_codes(intake.issues)
        intake.save(
            update_fields=[
                *INTAKE_TEXT_FIELDS,
                "injuries",
                "segment_reasons",
                "issues",
                "updated_at",
            ]
        )

    # The client's own notices and email choices go; notices to coaches that named the client
    # name them no more.
    Notification.objects.filter(user=former_user).delete()
    EmailOptOut.objects.filter(user=former_user).delete()
    for old, new in replacements:
        Notification.objects.filter(text__contains=old).update(
            text=Replace(F("text"), Value(old), Value(new))
        )

    client_anonymized.send(
        sender=Client,
        client=client,
        former_user=former_user,
        user=client.user,
        label=label,
        replacements=replacements,
    )
    return True
