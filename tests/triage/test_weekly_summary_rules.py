"""The weekly summary and draft reply as pure functions: the week's facts in, words out (no
database). The brief's three scenarios first, then each rule."""

from dataclasses import replace
from datetime import date

import pytest

from triage.core.defaults import REPLY_TEMPLATES
from triage.core.weekly_summary import (
    ESCALATED,
    FALLBACK_TEMPLATES,
    MINOR_CHANGE,
    NO_CHANGE,
    STEADY,
    URGENT,
    WATCH,
    Flag,
    Habit,
    Lift,
    Pain,
    WeekFacts,
    best_lifts,
    draft_reply,
    fill,
    sessions_dropping,
    summarize,
    trend,
)

TEMPLATES = {
    resolution: [body for _, body in pairs] for resolution, pairs in REPLY_TEMPLATES.items()
}

STEADY_WEEK = WeekFacts(
    first_name="Sam",
    coach_name="Casey Coach",
    period_start=date(2026, 11, 21),
    period_end=date(2026, 11, 27),
    planned=4,
    completed=4,
    usual_completed=4.0,
    lifts=(
        Lift("Barbell Squat", 100, 5, 116.7, previous_best_e1rm_kg=112.0),
        Lift("Bench Press", 70, 6, 84.0, previous_best_e1rm_kg=84.0),
    ),
    readiness=(4,),
    readiness_before=(4, 4, 3),
    sleep_hours=(7.5,),
    sleep_hours_before=(7.4, 7.6, 7.5),
)
# "If a client usually completes four sessions weekly and suddenly drops to two."
DROPPING_WEEK = replace(
    STEADY_WEEK,
    completed=2,
    skip_reasons=("time", "time"),
    lifts=(Lift("Barbell Squat", 95, 5, 110.8, previous_best_e1rm_kg=116.7),),
    readiness=(3,),
    readiness_before=(4, 4, 4),
    flags=(Flag("yellow", "completed 2 of 4 planned sessions; usual is 4 of 4"),),
)
# "What if pain appears after a new exercise?" A red flag.
PAIN_WEEK = replace(
    STEADY_WEEK,
    completed=3,
    pains=(Pain("knee", 8, new=True),),
    flags=(Flag("red", "New sharp knee pain (8/10) after Bulgarian Split Squat"),),
)


def test_the_steady_client_reads_steady_and_gets_no_change():
    summary = summarize(STEADY_WEEK)
    assert (summary.outlook, summary.suggested, summary.reasons) == (STEADY, NO_CHANGE, ())


def test_the_steady_clients_summary_says_each_fact_in_plain_words():
    assert summarize(STEADY_WEEK).lines == (
        "Sessions: 4 of 4 planned done (usual about 4 a week).",
        "Best lifts: Barbell Squat 100 kg × 5 (new best, est. 1RM 116.7 kg); Bench Press 70 kg × 6.",
        "Readiness (1–5): 4, steady.",
        "Sleep: 7.5 h, steady.",
        "Pain: none reported.",
        "Flagged: nothing.",
    )


def test_the_steady_clients_draft_uses_the_no_change_template_and_names_the_new_best():
    draft = draft_reply(STEADY_WEEK, summarize(STEADY_WEEK), TEMPLATES)
    assert draft.startswith("Hi Sam, thanks for telling me.")
    assert "You got all 4 planned sessions done this week." in draft
    assert "Your Barbell Squat hit 100 kg for 5 — a new best." in draft
    assert "your plan stays as it is for now" in draft
    assert draft.endswith("Casey Coach")


def test_the_dropping_client_reads_watch_and_gets_a_minor_change():
    summary = summarize(DROPPING_WEEK)
    assert (summary.outlook, summary.suggested) == (WATCH, MINOR_CHANGE)
    assert "sessions dropping" in summary.reasons
    assert "readiness falling" in summary.reasons


def test_the_dropping_clients_summary_says_the_drop_and_why():
    lines = summarize(DROPPING_WEEK).lines
    assert lines[0] == "Sessions: 2 of 4 planned done, down from about 4 a week. Skipped 2: time."
    assert lines[2] == "Readiness (1–5): 3, down from 4."
    assert lines[-1] == "Flagged: completed 2 of 4 planned sessions; usual is 4 of 4 (yellow)."


def test_the_dropping_clients_draft_asks_what_got_in_the_way_without_shame():
    draft = draft_reply(DROPPING_WEEK, summarize(DROPPING_WEEK), TEMPLATES)
    assert draft.startswith("Hi Sam, thanks for the update.")
    assert "You did 2 of your 4 planned sessions this week (time got in the way)." in draft
    assert "No judgement — what made it hard?" in draft
    assert "new best" not in draft


def test_the_pain_client_reads_urgent_and_gets_an_escalation():
    summary = summarize(PAIN_WEEK)
    assert (summary.outlook, summary.suggested) == (URGENT, ESCALATED)
    assert summary.reasons[0].startswith("red flag: New sharp knee pain")


def test_the_pain_clients_summary_puts_the_pain_and_the_red_flag_in_words():
    lines = summarize(PAIN_WEEK).lines
    assert "Pain: knee 8/10 (new)." in lines
    assert lines[-1] == "Flagged: New sharp knee pain (8/10) after Bulgarian Split Squat (red)."


def test_the_pain_clients_draft_escalates_and_cheers_no_lift():
    draft = draft_reply(PAIN_WEEK, summarize(PAIN_WEEK), TEMPLATES)
    assert draft.startswith("Hi Sam, I'd like to talk this through with you properly.")
    assert "You mentioned knee pain at 8/10 — thank you for telling me." in draft
    assert "hold off on pushing anything" in draft
    assert "new best" not in draft
    assert "I'll be in touch today" in draft


@pytest.mark.parametrize(
    ("planned", "completed", "usual", "dropping"),
    [
        (4, 4, 4.0, False),
        (4, 3, 4.0, False),  # 75 % of plan, one below usual
        (4, 2, 4.0, True),
        (4, 2, None, True),  # under plan alone
        (0, 1, 4.0, True),  # nothing planned, far below usual
        (0, 0, None, False),
        (3, 3, 5.0, True),  # the plan was met, but the usual is far higher
        (5, 4, 4.2, False),
    ],
)
def test_sessions_are_dropping_under_three_quarters_of_plan_or_well_below_usual(
    planned, completed, usual, dropping
):
    facts = replace(STEADY_WEEK, planned=planned, completed=completed, usual_completed=usual)
    assert sessions_dropping(facts) is dropping


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        ((4,), (4, 4), "steady"),
        ((3,), (4, 4), "down"),
        ((5,), (4, 4), "up"),
        ((4, 4, 3), (4,), "steady"),  # 3.7 against 4: within half a point
        ((4, 3), (4,), "down"),  # exactly half a point is a trend
        ((), (4,), None),
        ((4,), (), None),
    ],
)
def test_a_trend_needs_both_weeks_and_half_a_point(now, before, expected):
    assert trend(now, before, 0.5) == expected


def test_a_week_without_check_ins_says_so_instead_of_inventing_a_trend():
    facts = replace(STEADY_WEEK, readiness=(), sleep_hours=())
    lines = summarize(facts).lines
    assert "Readiness (1–5): no answers this week." in lines
    assert "Sleep: no answers this week." in lines


def test_sleep_falling_is_said_with_the_hours_before():
    facts = replace(STEADY_WEEK, sleep_hours=(6.0,), sleep_hours_before=(7.5, 7.5))
    assert "Sleep: 6 h, down from 7.5." in summarize(facts).lines


def test_falling_sleep_alone_keeps_the_week_steady_but_the_draft_mentions_it():
    facts = replace(STEADY_WEEK, sleep_hours=(6.0,), sleep_hours_before=(7.5, 7.5))
    summary = summarize(facts)
    assert summary.outlook == STEADY
    assert "Your sleep dipped this week" in draft_reply(facts, summary, TEMPLATES)


def test_habits_appear_only_when_the_client_has_some():
    assert not any(line.startswith("Habits") for line in summarize(STEADY_WEEK).lines)
    facts = replace(STEADY_WEEK, habits=(Habit("Steps", 5, 7), Habit("Protein", 7, 7)))
    assert "Habits: Steps 5 of 7 and Protein 7 of 7." in summarize(facts).lines


def test_a_week_without_lifts_says_none_were_logged():
    assert "Best lifts: none logged." in summarize(replace(STEADY_WEEK, lifts=())).lines


def test_best_lifts_put_new_bests_first_then_the_heaviest_and_show_three():
    lifts = (
        Lift("Deadlift", 140, 3, 154.0, 150.0),
        Lift("Row", 60, 8, 76.0, 70.0),
        Lift("Squat", 110, 3, 121.0, 125.0),
        Lift("Press", 40, 5, 46.7, None),
    )
    chosen = best_lifts(replace(STEADY_WEEK, lifts=lifts))
    assert [lift.exercise for lift in chosen] == ["Deadlift", "Row", "Squat"]


def test_a_lift_without_an_earlier_best_is_not_called_new():
    assert not Lift("Press", 40, 5, 46.7, None).new_best
    assert not Lift("Press", 40, 5, 46.7, 46.5).new_best  # within rounding
    assert Lift("Press", 42.5, 5, 49.6, 46.7).new_best


def test_mild_pain_is_a_watch_week_and_severe_pain_is_urgent_without_any_flag():
    mild = replace(STEADY_WEEK, pains=(Pain("shoulder", 3),))
    severe = replace(STEADY_WEEK, pains=(Pain("lower back", 7),))
    assert summarize(mild).outlook == WATCH
    assert summarize(severe).outlook == URGENT


def test_several_pains_are_listed_worst_first():
    facts = replace(STEADY_WEEK, pains=(Pain("elbow", 2), Pain("knee", 5, new=True)))
    assert "Pain: knee 5/10 (new) and elbow 2/10." in summarize(facts).lines


def test_flags_show_red_first_and_count_the_rest():
    flags = tuple(Flag("yellow", f"reason {i}") for i in range(4)) + (Flag("red", "dizziness"),)
    line = summarize(replace(STEADY_WEEK, flags=flags)).lines[-1]
    assert line == "Flagged: dizziness (red); reason 0 (yellow); reason 1 (yellow); and 2 more."


def test_asking_for_a_person_makes_a_watch_week_and_is_said():
    facts = replace(STEADY_WEEK, wants_human_review=True)
    summary = summarize(facts)
    assert summary.outlook == WATCH
    assert summary.lines[-1] == "Asked for a person to look at this week."


def test_skip_reasons_are_said_in_words_once_each():
    facts = replace(STEADY_WEEK, completed=1, skip_reasons=("energy", "schedule", "energy"))
    assert summarize(facts).lines[0].endswith("Skipped 3: low energy and your schedule.")


def test_a_week_with_nothing_planned_counts_what_was_done():
    facts = replace(STEADY_WEEK, planned=0, completed=2, usual_completed=None)
    assert summarize(facts).lines[0] == "Sessions: 2 done, none planned."
    assert "You trained 2 times this week." in draft_reply(facts, summarize(facts), TEMPLATES)


def test_the_draft_uses_the_fallback_when_the_organization_has_no_template():
    draft = draft_reply(STEADY_WEEK, summarize(STEADY_WEEK), {})
    assert draft.startswith(FALLBACK_TEMPLATES[NO_CHANGE].split(".")[0].format(name="Sam"))


def test_the_draft_uses_the_organizations_own_template_and_its_placeholders():
    own = {NO_CHANGE: ["Hey {name}! Solid week: {sessions_done}/{sessions_planned}. — {coach}"]}
    draft = draft_reply(STEADY_WEEK, summarize(STEADY_WEEK), own)
    assert draft.startswith("Hey Sam!")
    assert draft.endswith("Solid week: 4/4. — Casey Coach")
    assert draft.count("Casey Coach") == 1


def test_a_blank_template_is_skipped_for_the_next():
    own = {NO_CHANGE: ["  ", "Hello {name}."]}
    assert draft_reply(STEADY_WEEK, summarize(STEADY_WEEK), own).startswith("Hello Sam.")


def test_unknown_placeholders_are_left_as_written():
    assert fill("Hi {name}, {unknown} {0} {}", {"name": "Ana"}) == "Hi Ana, {unknown} {0} {}"


def test_the_same_facts_always_give_the_same_words():
    first = draft_reply(DROPPING_WEEK, summarize(DROPPING_WEEK), TEMPLATES)
    assert all(
        draft_reply(DROPPING_WEEK, summarize(DROPPING_WEEK), TEMPLATES) == first for _ in range(5)
    )


def test_a_coach_without_a_name_leaves_no_empty_signature():
    facts = replace(STEADY_WEEK, coach_name="")
    assert not draft_reply(facts, summarize(facts), TEMPLATES).endswith("\n\n")


def test_a_week_with_nothing_planned_or_done_says_so_without_counting_zero():
    facts = replace(STEADY_WEEK, planned=0, completed=0, usual_completed=None)
    draft = draft_reply(facts, summarize(facts), TEMPLATES)
    assert "There were no sessions on your plan this week." in draft
    assert "0 times" not in draft
