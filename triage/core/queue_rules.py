"""The review queue's rules, pure (no Django): what comes first, one card per client, what
resolving does to an automation hold, and how a card's minutes are shared.

``triage.queue`` loads and saves; these functions decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from coaching.core.traffic_light import GREEN, RED, YELLOW

# Red before yellow before green.
LEVEL_RANK: dict[str, int] = {RED: 0, YELLOW: 1, GREEN: 2}
LEVEL_BY_RANK = {rank: level for level, rank in LEVEL_RANK.items()}

# Resolutions that say "a person beyond this reply must act": the automation hold stays until a
# coach releases it with its own step.
KEEPS_HOLD = frozenset({"escalated", "referred_out"})

# A yellow item the nightly scoring raised closes by itself ("cleared") once its signal has been
# absent this many nights in a row: the client's numbers are back within their usual, so nobody
# needs to look any more. Items from what a client said or asked (check-ins, messages, logs,
# requests) and every red item wait for a person, whatever the numbers do.
QUIET_NIGHTS_TO_CLEAR = 7
CLEARS_BY_ITSELF_SOURCES = frozenset({"nightly"})
CLEARS_BY_ITSELF_LEVELS = frozenset({YELLOW})


# Nights run at about the same local hour; half a day of slack keeps a run a few minutes early
# from counting one night short.
NIGHT_SLACK = timedelta(hours=12)


def quiet_since(now: datetime) -> datetime:
    """Items last flagged before this instant have been quiet ``QUIET_NIGHTS_TO_CLEAR`` nights."""
    return now - timedelta(days=QUIET_NIGHTS_TO_CLEAR) + NIGHT_SLACK


def clears_by_itself(source: str, level: str, quiet_nights: int) -> bool:
    """Whether an open item closes without a person: a nightly yellow whose signal has been quiet
    for ``QUIET_NIGHTS_TO_CLEAR`` nights."""
    return (
        source in CLEARS_BY_ITSELF_SOURCES
        and level in CLEARS_BY_ITSELF_LEVELS
        and quiet_nights >= QUIET_NIGHTS_TO_CLEAR
    )


# What resolving red items does to a client's automation hold.
HOLD_UNCHANGED = "unchanged"
HOLD_KEPT = "kept"  # stays until a coach releases it explicitly
HOLD_LIFTED = "lifted"


class QueuedItem(Protocol):
    """What the rules read of a review item (``triage.models.ReviewItem`` has it)."""

    id: int
    client_id: int
    level: str
    due_at: datetime
    reasons: list[dict[str, Any]]


def urgency_key(item: QueuedItem) -> tuple[int, datetime, int]:
    """Red before yellow, then the earliest due time (so overdue first), then the oldest id.
    The database orders by the same key (``triage.queue.urgency_ordered``)."""
    return (LEVEL_RANK.get(item.level, len(LEVEL_RANK)), item.due_at, item.id)


@dataclass
class Card:
    """One client in the queue: all their open items, the most urgent first."""

    client_id: int
    items: list[QueuedItem] = field(
        default_factory=list
    )  # the client's open items, most urgent first

    @property
    def level(self) -> str:
        """The highest level of the client's open items."""
        return self.items[0].level

    @property
    def due_at(self) -> datetime:
        """The earliest due time of the client's open items."""
        return min(item.due_at for item in self.items)

    @property
    def item_ids(self) -> list[int]:
        return [item.id for item in self.items]

    @property
    def reasons(self) -> list[dict[str, Any]]:
        """Every reason of every open item, the most urgent item's first, each naming its item;
        a reason two items share is listed once (under the more urgent one)."""
        seen: set[tuple[str, str]] = set()
        reasons = []
        for item in self.items:
            for reason in item.reasons or []:
                code, text = str(reason.get("code", "")), str(reason.get("text", ""))
                if (code, text) in seen:
                    continue
                seen.add((code, text))
                reasons.append({"code": code, "text": text, "item": item.id})
        return reasons

    @property
    def levels(self) -> list[str]:
        """The distinct levels on the card, highest first."""
        return sorted({item.level for item in self.items}, key=LEVEL_RANK.__getitem__)

    def overdue(self, now: datetime) -> bool:
        return self.due_at < now


def cards_by_client(items: Iterable[QueuedItem], order: Sequence[int] | None = None) -> list[Card]:
    """Group open items into one card per client, each card's items most urgent first.

    Cards come in ``order`` (client ids, as the database paged them; clients not in it are
    dropped), else by urgency: the highest level, then the earliest due time, then client id."""
    cards: dict[int, Card] = {}
    for item in items:
        cards.setdefault(item.client_id, Card(item.client_id)).items.append(item)
    for card in cards.values():
        card.items.sort(key=urgency_key)
    if order is not None:
        return [cards[client_id] for client_id in order if client_id in cards]
    return sorted(
        cards.values(),
        key=lambda card: (LEVEL_RANK.get(card.level, len(LEVEL_RANK)), card.due_at, card.client_id),
    )


def hold_after_resolving(
    *, resolution: str, resolved_red: bool, red_still_open: bool, referred_during_hold: bool
) -> str:
    """What resolving items does to a client's automation hold.

    - Nothing red resolved: unchanged.
    - A red item resolved as escalated or referred out: kept, until a coach releases it.
    - Another red item still open: unchanged (it waits for that one).
    - A red item was escalated or referred out earlier during this hold: unchanged (it still
      waits for the explicit release).
    - Otherwise (the last red item resolved as no change, minor change or false alarm): lifted.
    """
    if not resolved_red:
        return HOLD_UNCHANGED
    if resolution in KEEPS_HOLD:
        return HOLD_KEPT
    if red_still_open or referred_during_hold:
        return HOLD_UNCHANGED
    return HOLD_LIFTED


def share_minutes(minutes: int | None, count: int) -> list[int | None]:
    """The minutes a coach gave for resolving ``count`` items at once, shared out so that their
    sum is what the coach said (the most urgent item takes the remainder). ``None`` stays
    ``None`` for every item."""
    if count <= 0:
        return []
    if minutes is None:
        return [None] * count
    base, remainder = divmod(minutes, count)
    return [base + (1 if index < remainder else 0) for index in range(count)]


def chosen_items(open_ids: Sequence[int], asked: Iterable[int] | None) -> list[int]:
    """Which of a client's open items to resolve: all of them when none are named, else the
    named ones, each of which must be open and the client's (a ``ValueError`` names the rest)."""
    if not open_ids:
        raise ValueError("Nothing is open for this client.")
    if asked is None:
        return list(open_ids)
    wanted = list(dict.fromkeys(asked))
    if not wanted:
        raise ValueError("Choose at least one item.")
    unknown = [item_id for item_id in wanted if item_id not in set(open_ids)]
    if unknown:
        listed = ", ".join(str(item_id) for item_id in unknown)
        raise ValueError(f"Not an open item of this client: {listed}.")
    return wanted
