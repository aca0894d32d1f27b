"""Routine adjustment proposals: progression, deload, substitution, volume and schedule."""

from datetime import date

import pytest

from programs.core.adjustments import (
    MAX_CONFIDENCE,
    MAX_SETS,
    LoggedSet,
    Proposal,
    propose_deload,
    propose_progression,
    propose_schedule_change,
    propose_substitution,
    propose_volume_change,
)
from programs.core.drafting import Injury, Prescription
from programs.core.library import area_load, load_library, loads_injured_area

DAY = date(2025, 3, 3)
EARLIER = date(2025, 2, 27)


def bench(**overrides) -> Prescription:
    values = dict(
        exercise_key="Barbell_Bench_Press_-_Medium_Grip",
        exercise_name="Barbell Bench Press - Medium Grip",
        sets=3,
        reps_min=6,
        reps_max=8,
        target_rpe=8.0,
        target_load_kg=80.0,
        rest_seconds=120,
        pattern="horizontal_push",
    )
    values.update(overrides)
    return Prescription(**values)


def squat(**overrides) -> Prescription:
    values = dict(
        exercise_key="Barbell_Squat",
        exercise_name="Barbell Squat",
        sets=3,
        reps_min=5,
        reps_max=5,
        target_rpe=8.0,
        target_load_kg=100.0,
        rest_seconds=180,
        pattern="squat",
    )
    values.update(overrides)
    return Prescription(**values)


def sets(*reps, load=80.0, rpe=8.0, on=DAY, warmups=0):
    logged = [LoggedSet(5, 40.0, None, on, is_warmup=True) for _ in range(warmups)]
    return logged + [LoggedSet(r, load, rpe, on) for r in reps]


def assert_well_formed(proposal: Proposal, kind: str):
    assert proposal.kind == kind
    assert 0 <= proposal.confidence <= MAX_CONFIDENCE
    assert {"exercise", "field", "from", "to"} <= set(proposal.payload)
    assert proposal.rationale.strip()


# --- Progression ----------------------------------------------------------------------------
def test_load_goes_up_when_every_set_tops_the_range_at_target_effort():
    proposal = propose_progression(bench(), sets(8, 8, 8, rpe=8.0))
    assert_well_formed(proposal, "progression")
    assert proposal.payload["field"] == "target_load_kg"
    assert (proposal.payload["from"], proposal.payload["to"]) == (80.0, 82.5)
    assert "82.5 kg" in proposal.rationale


def test_lower_body_lifts_take_bigger_steps():
    proposal = propose_progression(squat(), sets(5, 5, 5, load=100.0, rpe=7.5))
    assert proposal.payload["to"] == 105.0
    heavy = propose_progression(squat(target_load_kg=300.0), sets(5, 5, 5, load=300.0, rpe=8))
    assert heavy.payload["to"] == 307.5  # 2.5% of 300 beats the 5 kg step


def test_the_region_can_be_given_when_the_prescription_has_no_pattern():
    proposal = propose_progression(bench(pattern=""), sets(8, 8, 8), region="lower")
    assert proposal.payload["to"] == 85.0


def test_reps_go_up_when_every_set_is_in_range_but_not_all_at_the_top():
    proposal = propose_progression(bench(), sets(8, 7, 6, rpe=7.5))
    assert_well_formed(proposal, "progression")
    assert proposal.payload["field"] == "reps_min"
    assert (proposal.payload["from"], proposal.payload["to"]) == (6, 7)


def test_reps_target_follows_the_weakest_set_but_stays_in_range():
    proposal = propose_progression(bench(reps_min=6, reps_max=10), sets(9, 8, 8))
    assert proposal.payload["to"] == 9


@pytest.mark.parametrize(
    "logged",
    [
        sets(8, 8, 8, rpe=9.0),  # too hard
        sets(8, 8, rpe=8.0),  # a set missed
        sets(8, 5, 8, rpe=7.0),  # below the range
        sets(8, 8, 8, load=70.0),  # lighter than prescribed
        [],
    ],
)
def test_no_progression_when_the_bar_is_not_met(logged):
    assert propose_progression(bench(), logged) is None


def test_warmups_do_not_count_and_do_not_block():
    assert propose_progression(bench(), sets(8, 8, 8, warmups=2)).payload["field"] == (
        "target_load_kg"
    )


def test_only_the_last_session_counts_by_default():
    logged = sets(4, 4, 4, rpe=9.5, on=EARLIER) + sets(8, 8, 8, rpe=8.0, on=DAY)
    assert propose_progression(bench(), logged).payload["field"] == "target_load_kg"
    assert propose_progression(bench(), logged, sessions=2) is None
    assert propose_progression(bench(), sets(8, 8, 8, on=DAY), sessions=2) is None


def test_missing_rpe_still_progresses_with_less_confidence():
    with_rpe = propose_progression(bench(), sets(8, 8, 8, rpe=7.0))
    without = propose_progression(bench(), sets(8, 8, 8, rpe=None))
    assert without.payload["to"] == with_rpe.payload["to"]
    assert without.confidence < with_rpe.confidence


def test_without_a_target_load_the_logged_load_is_the_base():
    proposal = propose_progression(bench(target_load_kg=None), sets(8, 8, 8, load=60.0))
    assert (proposal.payload["from"], proposal.payload["to"]) == (60.0, 62.5)


def test_body_weight_at_the_top_of_the_range_widens_the_range():
    pushups = bench(exercise_key="Pushups", exercise_name="Pushups", target_load_kg=None)
    proposal = propose_progression(pushups, sets(8, 8, 8, load=0.0))
    assert proposal.payload["field"] == "reps_max"
    assert proposal.payload["to"] == 10


def test_a_fixed_rep_target_below_the_top_gets_nothing():
    assert propose_progression(squat(), sets(4, 4, 4, load=100.0, rpe=7)) is None


# --- Deload ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fatigue", "deload"),
    [
        ([3.0, 4.5, 4.2], True),
        ([4.0, 4.0], True),
        ([4.5, 3.5], False),
        ([3.5, 4.5], False),
        ([4.8], False),  # one week is not a pattern
        ([4.5, None], False),  # a week without check-ins
        ([], False),
    ],
)
def test_deload_on_two_weeks_of_high_fatigue(fatigue, deload):
    proposal = propose_deload(fatigue, [])
    assert (proposal is not None) is deload
    if deload:
        assert_well_formed(proposal, "deload")
        assert "fatigue" in proposal.rationale
        assert "best current recommendation" in proposal.rationale


@pytest.mark.parametrize(
    ("trend", "deload"),
    [
        ([100, 98, 94], True),  # 6% down, falling both weeks
        ([120, 100, 98, 94], True),  # only the last two weeks count
        ([100, 97, 96], False),  # 4%: within noise
        ([100, 104, 94], False),  # one bad week after a good one
        ([100, 93, 95], False),  # already recovering
        ([100, None, 90], False),
        ([100, 90], False),
    ],
)
def test_deload_on_declining_performance(trend, deload):
    proposal = propose_deload([2.0, 2.0], trend)
    assert (proposal is not None) is deload
    if deload:
        assert "e1RM fell" in proposal.rationale


def test_declines_by_lift_need_at_least_half_the_lifts():
    falling, steady = [100, 98, 94], [100, 101, 102]
    assert propose_deload([], {"squat": falling, "bench": steady}) is not None
    assert propose_deload([], {"squat": falling, "bench": steady, "row": steady}) is None
    proposal = propose_deload([], {"squat": falling, "bench": falling})
    assert "squat" in proposal.rationale and "bench" in proposal.rationale


def test_one_lift_falling_with_fatigue_up_is_enough_for_a_deload():
    falling, steady = [100, 98, 94], [100, 101, 102]
    lifts = {"squat": falling, "bench": steady, "row": steady}

    proposal = propose_deload([3.0, 3.5], lifts, fatigue_elevated=True)

    assert proposal is not None
    assert "squat e1RM fell 6.0%" in proposal.rationale
    assert "fatigue is up beyond the client's usual" in proposal.rationale
    assert propose_deload([3.0, 3.5], {"bench": steady}, fatigue_elevated=True) is None


def test_more_signals_mean_more_confidence():
    fatigue_only = propose_deload([4.5, 4.5], [])
    both = propose_deload([4.5, 4.5], [100, 98, 94])
    with_readiness = propose_deload([4.5, 4.5], [100, 98, 94], [2.0, 1.5])
    assert fatigue_only.confidence < both.confidence < with_readiness.confidence
    assert with_readiness.confidence <= MAX_CONFIDENCE
    assert "readiness" in with_readiness.rationale


def test_low_readiness_alone_does_not_change_the_plan():
    assert propose_deload([3.0, 3.0], [100, 100, 100], [1.5, 1.5]) is None


def test_no_second_deload_right_after_one():
    assert propose_deload([4.5, 4.5], [], weeks_since_last_deload=1) is None
    assert propose_deload([4.5, 4.5], [], weeks_since_last_deload=3) is not None


# --- Substitution ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.fixture(scope="module")
def named(library):
    return {exercise.name: exercise for exercise in library}


def test_it_substitutes_within_pattern_muscles_and_equipment(library, named):
    proposal = propose_substitution(named["Barbell Squat"], library, {"dumbbell"})
    assert_well_formed(proposal, "substitution")
    chosen = next(e for e in library if e.key == proposal.payload["to_key"])
    assert chosen.pattern == "squat"
    assert "quadriceps" in chosen.primary_muscles
    assert chosen.equipment in {"dumbbell", "body only"}
    assert chosen.key != "Barbell_Squat"
    assert proposal.payload["from"] == "Barbell Squat"


def test_a_substitute_is_never_two_levels_harder(library, named):
    original = named["Bodyweight Squat"]  # beginner
    proposal = propose_substitution(original, library, {"barbell", "dumbbell", "machine"})
    chosen = next(e for e in library if e.key == proposal.payload["to_key"])
    assert chosen.level != "expert"


def test_an_equipment_swap_keeps_the_same_equipment_when_it_can(library, named):
    proposal = propose_substitution(named["Barbell Squat"], library, {"barbell", "rack"})
    chosen = next(e for e in library if e.key == proposal.payload["to_key"])
    assert chosen.equipment == "barbell"


def test_substitutes_respect_current_injuries_and_constraints(library, named):
    knee = Injury("knee", current=True)
    proposal = propose_substitution(named["Barbell Squat"], library, {"dumbbell"}, [knee])
    chosen = next(e for e in library if e.key == proposal.payload["to_key"])
    assert area_load(chosen, "knee") in ("low", "moderate")
    past = Injury("knee", current=False)
    assert propose_substitution(named["Barbell Squat"], library, {"dumbbell"}, [past])
    proposal = propose_substitution(named["Pushups"], library, set(), constraints={"no_floor"})
    chosen = next(e for e in library if e.key == proposal.payload["to_key"])
    assert chosen.violations({"no_floor"}) == set()
    press = propose_substitution(
        named["Barbell Bench Press - Medium Grip"], library, {"machine"}, ["wrist"]
    )
    if press is not None:
        chosen = next(e for e in library if e.key == press.payload["to_key"])
        assert not loads_injured_area(chosen, "wrist")


def test_substitution_is_deterministic_and_offers_alternatives(library, named):
    first = propose_substitution(named["Bent Over Barbell Row"], library, {"dumbbell", "cable"})
    second = propose_substitution(
        named["Bent Over Barbell Row"], list(reversed(library)), {"cable", "dumbbell"}
    )
    assert first == second
    assert len(first.payload["alternatives"]) == 2
    assert first.payload["to"] not in first.payload["alternatives"]


def test_the_reason_is_in_the_rationale(library, named):
    proposal = propose_substitution(
        named["Barbell Squat"], library, {"dumbbell"}, reason="the gym has no rack"
    )
    assert "because the gym has no rack" in proposal.rationale


def test_no_substitute_means_no_proposal(named):
    squat_only = [named["Barbell Squat"]]
    assert propose_substitution(named["Barbell Squat"], squat_only, {"barbell"}) is None


# --- Volume ---------------------------------------------------------------------------------
def test_fewer_sets_when_completion_falls():
    proposal = propose_volume_change(bench(sets=4), [0.9, 0.6, 0.7])
    assert_well_formed(proposal, "volume_change")
    assert (proposal.payload["from"], proposal.payload["to"]) == (4, 3)
    assert "60%" in proposal.rationale


def test_fewer_sets_when_soreness_stays_high():
    proposal = propose_volume_change(bench(), [1.0, 1.0], [4.0, 4.5])
    assert proposal.payload["to"] == 2
    both = propose_volume_change(bench(), [0.5, 0.5], [4.5, 4.5])
    assert both.confidence > proposal.confidence


def test_more_sets_when_everything_is_easy():
    proposal = propose_volume_change(bench(), [1.0, 0.97], [1.0, 2.0], [-2.0, -1.5])
    assert_well_formed(proposal, "volume_change")
    assert (proposal.payload["from"], proposal.payload["to"]) == (3, 4)


@pytest.mark.parametrize(
    ("completion", "soreness", "gap", "sets"),
    [
        ([0.6, 0.9], [], [], 3),  # one bad week
        ([1.0, 1.0], [1.0, 1.0], [-1.0, -1.0], 3),  # not easy enough
        ([1.0, 1.0], [1.0, 3.0], [-2.0, -2.0], 3),  # sore
        ([1.0, 1.0], [], [-2.0, -2.0], 3),  # no soreness reported
        ([1.0, 1.0], [1.0, 1.0], [-2.0, -2.0], MAX_SETS),  # already at the most sets
        ([0.5, 0.5], [], [], 1),  # nothing left to take away
        ([], [], [], 3),
    ],
)
def test_volume_stays_when_the_signal_is_weak(completion, soreness, gap, sets):
    assert propose_volume_change(bench(sets=sets), completion, soreness, gap) is None


# --- Schedule -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("planned", "history", "proposed", "confidence"),
    [
        (4, [3, 3, 3, 3], 3, 0.7),
        (4, [3, 4, 3, 3], 3, 0.55),
        (4, [4, 2, 3, 3, 3, 3], 3, 0.7),  # the last four weeks count
        (5, [2, 2, 3, 2], 2, 0.55),
        (3, [2, 2, 2, 2], 2, 0.7),
    ],
)
def test_it_proposes_the_days_the_client_reliably_trains(planned, history, proposed, confidence):
    proposal = propose_schedule_change(planned, history)
    assert_well_formed(proposal, "schedule_change")
    assert (proposal.payload["from"], proposal.payload["to"]) == (planned, proposed)
    assert proposal.confidence == confidence
    assert "patterns" in proposal.rationale or "realistic" in proposal.rationale


@pytest.mark.parametrize(
    ("planned", "history"),
    [
        (4, [4, 4, 3, 4]),  # mostly on plan
        (4, [4, 4, 3, 3]),  # two short weeks in a month: not yet a pattern
        (4, [3, 4, 4, 3]),
        (4, [4, 4, 4, 4]),
        (4, [5, 5, 5, 5]),  # more than planned
        (4, [0, 0, 0, 0]),  # not a schedule question: an adherence one
        (4, [1, 3, 1, 3]),  # erratic
        (4, [3, 3, 3]),  # too little history
        (1, [0, 0, 0, 0]),
    ],
)
def test_no_schedule_change_without_a_steady_smaller_pattern(planned, history):
    assert propose_schedule_change(planned, history) is None


@pytest.mark.parametrize(
    ("exercise", "area", "equipment", "expected"),
    [
        (
            "Standing Military Press",
            "shoulder",
            {"barbell", "cable"},
            {"Landmine Press", "Half-Kneeling Landmine Press"},
        ),
        ("Barbell Squat", "knee", {"barbell", "rack", "bench"}, {"Box Squat"}),
        ("Barbell Bench Press - Medium Grip", "shoulder", {"dumbbell"}, {"Dumbbell Floor Press"}),
    ],
)
def test_pain_gets_the_best_tolerated_variant_of_the_same_pattern(
    library, named, exercise, area, equipment, expected
):
    proposal = propose_substitution(named[exercise], library, equipment, [area], reason="pain")
    assert proposal.payload["to"] in expected
    assert f"loads the {area}" in proposal.rationale
    assert "the same movement pattern" in proposal.rationale


def test_a_romanian_deadlift_that_hurts_the_back_becomes_a_bridge_or_supported_hinge(
    library, named
):
    proposal = propose_substitution(
        named["Romanian Deadlift"], library, {"barbell", "bench"}, ["lower back"]
    )
    chosen = next(e for e in library if e.key == proposal.payload["to_key"])
    assert chosen.pattern == "hinge"
    assert area_load(chosen, "lower back") in ("none", "low")


def test_when_no_variant_of_the_pattern_spares_it_a_nearby_pattern_does(library, named):
    # Every vertical pull the client can do hangs from the bar: a row takes the pull-up's place.
    proposal = propose_substitution(
        named["Pullups"], library, {"pull-up bar", "dumbbell"}, ["shoulder"]
    )
    chosen = next(e for e in library if e.key == proposal.payload["to_key"])
    assert chosen.pattern != "vertical_pull"
    assert "nearby pattern" in proposal.rationale


def test_substitutes_come_from_the_reviewed_pool_only(library, named):
    for exercise in ("Barbell Squat", "Pushups", "Bent Over Barbell Row", "Plank"):
        proposal = propose_substitution(named[exercise], library, {"dumbbell", "cable"}, ["knee"])
        chosen = next(e for e in library if e.key == proposal.payload["to_key"])
        assert chosen.draftable


def test_a_deload_reads_the_same_weekly_fatigue_once():
    proposal = propose_deload(weekly_fatigue=[4.5, 4.5], weekly_readiness=[2, 2], e1rm_trend=[])

    assert "fatigue averaged 4.5 out of 5 in each of the last 2 weeks" in proposal.rationale
    assert "readiness has also been low (2 out of 5 each week)" in proposal.rationale


def test_a_deload_reads_changing_weekly_fatigue_oldest_first():
    proposal = propose_deload(weekly_fatigue=[4.2, 4.8], weekly_readiness=[3, 3], e1rm_trend=[])

    assert "fatigue averaged 4.2 then 4.8 out of 5 over the last 2 weeks" in proposal.rationale
