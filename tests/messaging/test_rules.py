"""The pure rules of messages: what may be sent, who may write, who has read what, the words."""

from datetime import UTC, datetime, timedelta

import pytest

from billing.core.policy import CAREFUL_POLICY, ReviewPolicy, messaging_terms
from messaging.core import rules
from programs.core.decision_notice import decision_notice

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("Hello", None),
        ("  Hello  ", None),
        ("", "Write a message."),
        (" \n\t", "Write a message."),
        ("x" * rules.MAX_BODY_CHARS, None),
        (
            "x" * (rules.MAX_BODY_CHARS + 1),
            "Keep a message to 4000 characters (this one has 4001).",
        ),
    ],
)
def test_a_body_is_refused_only_when_blank_or_too_long(body, problem):
    assert rules.body_problem(body) == problem


@pytest.mark.parametrize(
    ("role", "enabled", "may"),
    [
        ("client", True, True),
        ("client", False, False),
        ("coach", False, True),
        ("owner", False, True),
    ],
)
def test_only_a_client_is_held_back_by_a_tier_without_messaging(role, enabled, may):
    assert rules.may_write(role, enabled) is may


@pytest.mark.parametrize(
    ("message_id", "author_role", "read_up_to", "side", "read"),
    [
        (5, "client", 0, "client", True),  # the writer's side has read its own message
        (5, "coach", 0, "team", True),
        (5, "owner", 0, "team", True),
        (5, "coach", 4, "client", False),
        (5, "coach", 5, "client", True),
        (5, "client", 9, "team", True),
    ],
)
def test_a_side_has_read_its_own_messages_and_those_up_to_its_mark(
    message_id, author_role, read_up_to, side, read
):
    assert rules.read_by(message_id, author_role, read_up_to, side) is read


@pytest.mark.parametrize(
    ("hours", "words"),
    [
        (48, "within 2 days"),
        (24, "within 1 day"),
        (12, "within 12 hours"),
        (1, "within 1 hour"),
        (36, "within 36 hours"),
        (0.5, "within 0.5 hours"),
    ],
)
def test_a_promise_reads_in_days_or_hours(hours, words):
    assert rules.promise_words(hours) == words


def at(minutes):
    return T0 + timedelta(minutes=minutes)


def test_waiting_since_is_the_first_unanswered_client_message():
    thread = [
        (1, "client", at(0)),
        (2, "coach", at(5)),
        (3, "client", at(10)),
        (4, "client", at(20)),
    ]

    assert rules.waiting_since(thread) == at(10)


def test_nobody_waits_when_the_team_spoke_last_or_nobody_wrote():
    assert rules.waiting_since([(1, "client", at(0)), (2, "owner", at(3))]) is None
    assert rules.waiting_since([]) is None


def test_a_tier_with_messaging_promises_its_routine_response_time():
    policy = ReviewPolicy(routine_hours=48)

    terms = messaging_terms(policy, {"messaging": True})

    assert (terms.enabled, terms.response_hours) == (True, 48)


def test_a_tier_without_the_feature_has_no_messaging():
    assert messaging_terms(ReviewPolicy(), {}).enabled is False
    assert messaging_terms(ReviewPolicy(), {"messaging": False}).enabled is False


def test_a_client_without_a_tier_may_write_under_the_careful_default():
    terms = messaging_terms(None, None)

    assert (terms.enabled, terms.response_hours) == (True, CAREFUL_POLICY.routine_hours)


def notice(**overrides):
    fields = {
        "kind": "progression",
        "kind_label": "Progression",
        "decision": "approve",
        "rationale": "You hit the top of the rep range twice.",
        "notes": "",
    }
    return decision_notice(**{**fields, **overrides})


def test_an_approval_says_what_changed_and_why():
    assert notice() == (
        "I approved a change to your plan (progression).\n"
        "Why: You hit the top of the rep range twice."
    )


def test_an_edit_says_the_coach_adjusted_it_and_adds_the_note():
    assert notice(decision="modify", notes="Smaller jump: 1 kg.") == (
        "I adjusted a proposed change to your plan (progression) and applied it.\n"
        "Why: You hit the top of the rep range twice.\n"
        "Smaller jump: 1 kg."
    )


def test_a_schedule_change_lists_what_was_done():
    text = notice(
        kind="schedule_change",
        kind_label="Schedule change",
        details=["Thu 5 Mar: Lower body removed.", ""],
    )

    assert text.endswith("• Thu 5 Mar: Lower body removed.")


def test_a_new_program_announces_itself_by_name():
    text = notice(kind="new_program", kind_label="New program", program_name="Strength block")

    assert text == "Your new program is ready: Strength block. You'll find it under Plan."


def test_a_rejection_is_told_only_with_the_coachs_reason():
    assert notice(decision="reject") is None
    assert notice(decision="reject", notes="  ") is None
    assert notice(decision="reject", notes="Holding the load: busy week.") == (
        "I kept your plan as it is instead of the proposed progression. Holding the load: busy week."
    )


def test_a_rejected_program_draft_is_not_news_to_the_client():
    assert (
        notice(kind="new_program", kind_label="New program", decision="reject", notes="Redo")
        is None
    )
