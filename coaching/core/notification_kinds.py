"""The kinds of notification Spotter sends, who may turn each off, and when an email goes. Pure.

Each kind has its own email opt-out, except what must arrive: password resets, invitations
(sent to people who have no account yet, so nothing to opt out of) and red-flag alerts to
coaches (a red flag reaches a person at once, on every tier). The notification service
(``coaching.notifications``) asks ``email_allowed``; the preferences pages list
``opt_out_kinds`` for the person's role.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

CLIENT = "client"
STAFF = "staff"  # coaches and owners


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # how the preferences page names it
    audience: str  # CLIENT or STAFF
    mandatory: bool = False  # always emailed, whatever the person chose
    emailed: bool = True  # False: a notice in the app only (nothing to opt out of)


INVITATION = "invitation"
PASSWORD_RESET = "password_reset"
RED_FLAG = "red_flag"
COACH_FLAG = "coach_flag"
COACH_REPLY = "coach_reply"
SESSION_REMINDER = "session_reminder"
MISSED_SESSION = "missed_session"
CLIENT_MESSAGES = "messages"  # new messages from the coaching team, to a client
TEAM_MESSAGES = "client_messages"  # new messages from clients, to their coach
FORM_CHECK_COMMENT = "form_check_comment"  # the coach commented on a client's form check

KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind(INVITATION, "Invitations to join", CLIENT, mandatory=True),
        Kind(PASSWORD_RESET, "Password resets", CLIENT, mandatory=True),
        Kind(RED_FLAG, "Red-flag alerts about your clients", STAFF, mandatory=True),
        Kind(COACH_FLAG, "A colleague flagged one of your clients", STAFF, emailed=False),
        Kind(TEAM_MESSAGES, "Messages from your clients", STAFF),
        Kind(CLIENT_MESSAGES, "Messages from your coach", CLIENT),
        Kind(COACH_REPLY, "Your coach answered something you reported", CLIENT, emailed=False),
        Kind(FORM_CHECK_COMMENT, "Your coach commented on a form check", CLIENT, emailed=False),
        Kind(SESSION_REMINDER, "Morning reminder of a planned session", CLIENT),
        Kind(MISSED_SESSION, "What got in the way? (after a planned session with no log)", CLIENT),
    )
}

# Messages are emailed as a digest: at most one email per person per this interval.
DIGEST_INTERVAL = timedelta(minutes=15)


def kind(key: str) -> Kind:
    if key not in KINDS:
        raise ValueError(f"unknown notification kind {key!r}")
    return KINDS[key]


def email_allowed(key: str, opted_out: Collection[str]) -> bool:
    """Whether a person who turned off the kinds in ``opted_out`` gets this kind by email."""
    found = kind(key)
    return found.emailed and (found.mandatory or key not in opted_out)


def opt_out_kinds(audience: str) -> list[Kind]:
    """The kinds a person of this audience may turn off, in the order the page lists them."""
    return [k for k in KINDS.values() if k.audience == audience and k.emailed and not k.mandatory]


def always_sent(audience: str) -> list[Kind]:
    """The kinds this audience receives whatever they choose (shown as fixed on the page)."""
    shown = {CLIENT: (INVITATION, PASSWORD_RESET), STAFF: (RED_FLAG, PASSWORD_RESET)}[audience]
    return [KINDS[key] for key in shown]


def digest_due(last_sent_at: datetime | None, now: datetime, interval: timedelta) -> bool:
    """A person may be emailed a digest now if none went to them within ``interval``."""
    return last_sent_at is None or now - last_sent_at >= interval
