"""What a message may be, who may write, and who has read what. Pure: no Django.

A thread has two sides: the client, and their coaching team (every coach and owner of the
organization). A side has read every message up to the id it last read; its own messages are
read by it from the start.
"""

from __future__ import annotations

MAX_BODY_CHARS = 4000  # a long message, still one screen of a phone away from an essay
CLIENT_SIDE = "client"
TEAM_SIDE = "team"


def side_of(role: str) -> str:
    """Clients write on their side; coaches and owners on the team's."""
    return CLIENT_SIDE if role == "client" else TEAM_SIDE


def roles_of(side: str) -> tuple[str, ...]:
    """The roles that write on a side."""
    return ("client",) if side == CLIENT_SIDE else ("coach", "owner")


def body_problem(body: str) -> str | None:
    """Why a message body cannot be sent (blank, or longer than ``MAX_BODY_CHARS``), or None."""
    text = body.strip()
    if not text:
        return "Write a message."
    if len(text) > MAX_BODY_CHARS:
        return f"Keep a message to {MAX_BODY_CHARS} characters (this one has {len(text)})."
    return None


def may_write(role: str, messaging_enabled: bool) -> bool:
    """Coaches and owners may always write (a reply to what a client reported lands in the
    thread on every tier); a client writes when their tier includes messaging."""
    return side_of(role) == TEAM_SIDE or messaging_enabled


def read_by(message_id: int, author_role: str, read_up_to: int, side: str) -> bool:
    """Whether ``side`` has read a message: it wrote it, or it read up to it."""
    return side_of(author_role) == side or message_id <= read_up_to


def unread_after(read_up_to: int, emailed_up_to: int) -> int:
    """The id after which messages are news to a side for a digest: neither read nor emailed."""
    return max(read_up_to, emailed_up_to)


def promise_words(hours: float) -> str:
    """A response time in words: "within 2 days", "within 12 hours", "within 1 hour"."""
    if hours >= 24 and hours % 24 == 0:
        days = int(hours // 24)
        return f"within {days} day{'s' if days != 1 else ''}"
    return f"within {hours:g} hour{'s' if hours != 1 else ''}"


def waiting_since(messages: list[tuple[int, str, object]]):
    """When the client's oldest unanswered message was written: the first client message after
    the team's last message, or None when the team spoke last (or nobody wrote). ``messages``
    are (id, author_role, created_at), oldest first."""
    since = None
    for _, author_role, created_at in messages:
        if side_of(author_role) == TEAM_SIDE:
            since = None
        elif since is None:
            since = created_at
    return since
