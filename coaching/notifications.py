"""The one notification service: an in-app notice and its email, always after commit.

    notifications.notify(organization, kinds.RED_FLAG, [
        Note(user=coach, text="Red flag for Ana: chest pain", url="/o/gym/coach/",
             email={"name": "Ana", "summary": "chest pain", "url": "/o/gym/coach/"}),
    ])

``notify`` records the notices (one bulk insert), reads who turned this kind's emails off (one
query), renders the emails of those who want them (``coaching.emails``) and hands them to the
delivery task once the surrounding transaction commits, so a rolled-back request or a failed
night sends nothing and a sent email always has its notice. Kinds, their opt-outs and what must
arrive are the pure ``coaching.core.notification_kinds``. ``email_address`` is the same for what
must reach an address (invitations, password resets), with no in-app notice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from coaching import emails
from coaching.core import notification_kinds as kinds
from coaching.models import EmailOptOut, Membership, Notification, Role

# Each kind sent by email and its trio of templates (``templates/emails/<name>-...``).
TEMPLATES = {
    kinds.INVITATION: "invitation",
    kinds.RED_FLAG: "red_flag",
    kinds.SESSION_REMINDER: "session_reminder",
    kinds.MISSED_SESSION: "missed_session",
    kinds.CLIENT_MESSAGES: "messages",
    kinds.TEAM_MESSAGES: "client_messages",
}


@dataclass
class Note:
    """One notice for one person. ``email`` is the email's template context (``url`` in it is
    made absolute with SITE_URL); None sends no email. ``in_app=False`` sends only the email
    (message digests: the unread count is their notice)."""

    user: object
    text: str = ""
    url: str = ""
    email: dict | None = None
    in_app: bool = True
    created_at: object = field(default=None)


def opted_out(organization, user_ids: Iterable[int], kind: str) -> set[int]:
    """Of these people, who turned this kind's emails off (one query)."""
    return set(
        EmailOptOut.unscoped.filter(
            organization=organization, kind=kind, user_id__in=list(user_ids)
        ).values_list("user_id", flat=True)
    )


def notify(organization, kind: str, notes: Sequence[Note]) -> int:
    """Record the in-app notices and email those who want it, after commit. Returns how many
    emails were queued. Runs inside the caller's transaction and tenant scope."""
    return notify_organizations(kind, [(organization, note) for note in notes])


def notify_organizations(kind: str, notes: Sequence[tuple[object, Note]]) -> int:
    """``notify`` for notes to people of several organizations, each (organization, note): still
    one insert and one query for opt-outs (system work on the batch connection, like the
    nightly job's batches; every row is given its organization, every query names them)."""
    kinds.kind(kind)  # an unknown kind is a programming error: fail before writing anything
    if not notes:
        return 0
    now = timezone.now()
    Notification.unscoped.bulk_create(
        [
            Notification(
                organization_id=organization.pk,
                user_id=note.user.pk,
                kind=kind,
                text=note.text[:300],
                url=note.url,
                created_at=note.created_at or now,
            )
            for organization, note in notes
            if note.in_app
        ]
    )
    wanting_email = [
        (organization, note)
        for organization, note in notes
        if note.email is not None and note.user.email
    ]
    if not wanting_email:
        return 0
    off = set(
        EmailOptOut.unscoped.filter(
            organization_id__in={organization.pk for organization, _ in wanting_email},
            kind=kind,
            user_id__in={note.user.pk for _, note in wanting_email},
        ).values_list("organization_id", "user_id")
    )
    payloads = [
        _payload(kind, note.user.email, _email_context(note))
        for organization, note in wanting_email
        if kinds.email_allowed(kind, {kind} if (organization.pk, note.user.pk) in off else set())
    ]
    emails.deliver_after_commit(payloads)
    return len(payloads)


def _payload(kind: str, to: str, context: dict) -> dict:
    """One email: left for the delivery task to render when its context is plain values (the
    nightly job prompts thousands of clients, and their emails render after its commit, on the
    email worker), else rendered now."""
    if emails.plain(context):
        return emails.to_render(TEMPLATES[kind], to, context)
    return emails.render(TEMPLATES[kind], to, context)


def _email_context(note: Note) -> dict:
    context = {"text": note.text, **(note.email or {})}
    if context.get("url"):
        context["link"] = emails.absolute(context["url"])
    return context


def email_address(kind: str, address: str, context: dict) -> None:
    """Email someone by address alone, after commit: only for kinds that must arrive (an
    invitation, a password reset), since without a person there are no choices to respect.
    The kind's trio of templates renders it."""
    if not kinds.kind(kind).mandatory:
        raise ValueError(f"{kind!r} may be turned off: notify the person instead")
    emails.deliver_after_commit([emails.render(TEMPLATES.get(kind, kind), address, context)])


def email_invitation(invitation) -> None:
    """Email an invitation to its address (it must arrive: no opt-out), after commit."""

    link = emails.absolute(reverse("accept_invitation", args=[invitation.token]))
    email_address(
        kinds.INVITATION,
        invitation.email,
        {
            "invitation": invitation,
            "organization": invitation.organization,
            "inviter": invitation.invited_by,
            "link": link,
        },
    )


def answering_for(client) -> list[int]:
    """Who answers for a client: their assigned coach, or every owner when none is assigned."""
    if client.coach_id:
        return [client.coach_id]
    return list(Membership.objects.filter(role=Role.OWNER).values_list("user_id", flat=True))


def set_email_preferences(organization, user, audience: str, wanted: Iterable[str]) -> None:
    """Keep exactly the opt-outs of this audience's optional kinds that are not ``wanted``."""
    optional = {k.key for k in kinds.opt_out_kinds(audience)}
    off = optional - set(wanted)
    EmailOptOut.objects.filter(Q(user=user) & Q(kind__in=optional - off)).delete()
    existing = set(
        EmailOptOut.objects.filter(user=user, kind__in=off).values_list("kind", flat=True)
    )
    EmailOptOut.objects.bulk_create(
        [EmailOptOut(organization=organization, user=user, kind=key) for key in off - existing]
    )


def email_preferences(user, audience: str) -> list[dict]:
    """This person's optional kinds and whether each is emailed (for the preferences page)."""
    off = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return [
        {"key": k.key, "label": k.label, "emailed": k.key not in off}
        for k in kinds.opt_out_kinds(audience)
    ]


def audience_of(role: str) -> str:
    return kinds.CLIENT if role == Role.CLIENT else kinds.STAFF
