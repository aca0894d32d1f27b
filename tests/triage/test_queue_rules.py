"""The queue's pure rules (triage.core.queue_rules): one card per client, the hold after resolving,
minutes shared among a card's items, which items a card resolves."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from triage.core.queue_rules import (
    HOLD_KEPT,
    HOLD_LIFTED,
    HOLD_UNCHANGED,
    cards_by_client,
    chosen_items,
    hold_after_resolving,
    share_minutes,
    urgency_key,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@dataclass
class Item:
    id: int
    client_id: int
    level: str
    due_in_hours: float
    reasons: list = field(default_factory=list)

    @property
    def due_at(self):
        return NOW + timedelta(hours=self.due_in_hours)


def reason(code, text=None):
    return {"code": code, "text": text or f"{code} text"}


def test_each_client_gets_one_card_with_all_their_items():
    items = [
        Item(1, 10, "yellow", 20, [reason("adherence_drop")]),
        Item(2, 11, "yellow", 5, [reason("inactive")]),
        Item(3, 10, "red", 1, [reason("chest_pain")]),
        Item(4, 10, "yellow", 24, [reason("human_requested")]),
    ]

    cards = cards_by_client(items)

    assert [card.client_id for card in cards] == [10, 11]
    assert [card.item_ids for card in cards] == [[3, 1, 4], [2]]


def test_a_card_has_the_highest_level_and_the_earliest_due_time():
    items = [
        Item(1, 10, "yellow", -5, [reason("missed_sessions")]),
        Item(2, 10, "red", 1, [reason("chest_pain")]),
    ]

    (card,) = cards_by_client(items)

    assert card.level == "red"
    assert card.due_at == NOW - timedelta(hours=5)
    assert card.overdue(NOW)
    assert card.levels == ["red", "yellow"]


def test_the_most_urgent_items_reasons_come_first_each_naming_its_item():
    items = [
        Item(7, 10, "yellow", 24, [reason("human_requested", "Asked for a coach.")]),
        Item(8, 10, "red", 1, [reason("chest_pain"), reason("dizziness")]),
    ]

    (card,) = cards_by_client(items)

    assert card.reasons == [
        {"code": "chest_pain", "text": "chest_pain text", "item": 8},
        {"code": "dizziness", "text": "dizziness text", "item": 8},
        {"code": "human_requested", "text": "Asked for a coach.", "item": 7},
    ]


def test_a_reason_two_items_share_is_listed_once():
    items = [
        Item(1, 10, "yellow", 10, [reason("low_readiness")]),
        Item(2, 10, "yellow", 5, [reason("low_readiness"), reason("inactive")]),
    ]

    (card,) = cards_by_client(items)

    assert [(r["code"], r["item"]) for r in card.reasons] == [
        ("low_readiness", 2),
        ("inactive", 2),
    ]


def test_cards_are_red_first_then_the_earliest_due_then_the_client():
    items = [
        Item(1, 30, "yellow", -2),  # overdue yellow
        Item(2, 20, "red", 0.5),
        Item(3, 40, "yellow", 3),
        Item(4, 10, "red", 0.5),
        Item(5, 50, "green", -10),
    ]

    assert [card.client_id for card in cards_by_client(items)] == [10, 20, 30, 40, 50]


def test_cards_keep_the_order_the_database_paged_them_in():
    items = [Item(1, 10, "red", 1), Item(2, 20, "yellow", 2), Item(3, 30, "yellow", 3)]

    cards = cards_by_client(items, order=[30, 10, 99])

    assert [card.client_id for card in cards] == [30, 10]


def test_an_item_without_reasons_still_makes_a_card():
    (card,) = cards_by_client([Item(1, 10, "yellow", 2, [])])

    assert (card.reasons, card.item_ids) == ([], [1])


def test_urgency_puts_red_first_then_the_earliest_due_then_the_oldest():
    items = [Item(3, 1, "yellow", -1), Item(2, 1, "red", 5), Item(1, 1, "red", 5)]

    assert [item.id for item in sorted(items, key=urgency_key)] == [1, 2, 3]


@pytest.mark.parametrize(
    ("resolution", "resolved_red", "red_still_open", "referred_before", "expected"),
    [
        ("no_change", False, False, False, HOLD_UNCHANGED),
        ("referred_out", False, False, False, HOLD_UNCHANGED),
        ("no_change", True, False, False, HOLD_LIFTED),
        ("minor_change", True, False, False, HOLD_LIFTED),
        ("false_alarm", True, False, False, HOLD_LIFTED),
        ("escalated", True, False, False, HOLD_KEPT),
        ("referred_out", True, False, False, HOLD_KEPT),
        ("referred_out", True, True, False, HOLD_KEPT),
        ("false_alarm", True, True, False, HOLD_UNCHANGED),
        # An earlier referral in the same hold waits for the coach's explicit release.
        ("false_alarm", True, False, True, HOLD_UNCHANGED),
        ("no_change", True, False, True, HOLD_UNCHANGED),
        ("escalated", True, False, True, HOLD_KEPT),
    ],
)
def test_resolving_red_items_lifts_keeps_or_leaves_the_hold(
    resolution, resolved_red, red_still_open, referred_before, expected
):
    outcome = hold_after_resolving(
        resolution=resolution,
        resolved_red=resolved_red,
        red_still_open=red_still_open,
        referred_during_hold=referred_before,
    )

    assert outcome == expected


@pytest.mark.parametrize(
    ("minutes", "count", "expected"),
    [
        (None, 3, [None, None, None]),
        (10, 1, [10]),
        (9, 3, [3, 3, 3]),
        (10, 3, [4, 3, 3]),
        (11, 3, [4, 4, 3]),
        (2, 5, [1, 1, 0, 0, 0]),
        (0, 2, [0, 0]),
        (480, 7, [69, 69, 69, 69, 68, 68, 68]),
        (5, 0, []),
    ],
)
def test_a_cards_minutes_are_shared_so_their_sum_is_what_the_coach_said(minutes, count, expected):
    shares = share_minutes(minutes, count)

    assert shares == expected
    if minutes is not None and count:
        assert sum(shares) == minutes


def test_a_card_resolves_all_its_items_when_none_are_named():
    assert chosen_items([5, 3, 9], None) == [5, 3, 9]


def test_a_card_resolves_only_the_items_named():
    assert chosen_items([5, 3, 9], [9, 5, 9]) == [9, 5]


def test_an_item_that_is_not_the_clients_open_one_is_refused_by_id():
    with pytest.raises(ValueError, match="Not an open item of this client: 4, 12"):
        chosen_items([5, 3], [5, 4, 12])


def test_naming_no_item_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        chosen_items([5, 3], [])


def test_a_client_with_nothing_open_has_nothing_to_resolve():
    with pytest.raises(ValueError, match="Nothing is open"):
        chosen_items([], None)
