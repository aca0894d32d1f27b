"""The summary after saving a session: sets against the target, new bests, what the coach sees."""

from triage.core.scoring.features import PARTIAL_CREDIT
from triage.core.session_summary import (
    DoneSet,
    PlannedExercise,
    PreviousBests,
    credit_words,
    format_kg,
    new_bests,
    summarize,
)

SQUAT = PlannedExercise(1, "Squat", 3, 5)
ROW = PlannedExercise(2, "Row", 2, 10)


def squat(reps=5, load=100.0, e1rm=None):
    return DoneSet(1, "Squat", reps, load, e1rm if e1rm is not None else load * (1 + reps / 30))


def test_it_counts_sets_done_against_the_planned_sets():
    summary = summarize("partial", [SQUAT, ROW], [squat(), squat()], {})

    assert (summary.sets_done, summary.sets_target) == (2, 5)
    assert summary.headline == "2 of 5 sets done"
    assert [(e.name, e.sets_done, e.sets_target) for e in summary.exercises] == [
        ("Squat", 2, 3),
        ("Row", 0, 2),
    ]


def test_a_partial_session_says_how_much_it_counts_using_the_scoring_credit():
    summary = summarize("partial", [SQUAT], [squat()], {})

    assert credit_words(PARTIAL_CREDIT) in summary.coach_sees[0]
    assert "1 of 3 sets" in summary.coach_sees[0]


def test_a_completed_session_says_completed():
    summary = summarize("completed", [SQUAT], [squat(), squat(), squat()], {})

    assert summary.coach_sees[0] == "A completed session: 3 sets of 3 planned."


def test_sets_short_of_the_target_reps_are_what_the_coach_sees():
    summary = summarize("completed", [SQUAT], [squat(), squat(4), squat(3)], {})

    assert summary.exercises[0].below_target_reps == 2
    assert "Squat (2)" in summary.coach_sees[1]


def test_an_exercise_done_but_not_planned_is_listed_without_a_target():
    extra = DoneSet(9, "Curl", 12, 10.0, 14.0)

    summary = summarize("completed", [SQUAT], [squat(), extra], {})

    assert summary.exercises[-1].name == "Curl" and summary.exercises[-1].sets_target is None


def test_the_session_effort_is_reported():
    summary = summarize("completed", [], [squat()], {}, session_rpe=8.5)

    assert "How hard it felt: 8.5 out of 10." in summary.coach_sees
    assert summary.headline == "1 set done"


def test_a_higher_e1rm_than_ever_before_is_a_new_best():
    bests = new_bests([squat(5, 105.0)], {1: PreviousBests(e1rm_kg=116.67)})

    assert bests == ("Squat: new best estimated one-rep max, 122.5 kg (was 116.67 kg).",)


def test_more_reps_at_a_load_lifted_before_is_a_new_best_even_without_a_higher_e1rm():
    bests = new_bests(
        [squat(6, 100.0, e1rm=110.0)], {1: PreviousBests(e1rm_kg=130.0, reps_at_load={100.0: 5})}
    )

    assert bests == ("Squat: 6 reps at 100 kg, your most at that load (was 5).",)


def test_matching_an_earlier_best_is_not_a_new_best():
    previous = PreviousBests(e1rm_kg=squat().e1rm_kg, reps_at_load={100.0: 5})

    assert new_bests([squat()], {1: previous}) == ()


def test_a_first_ever_session_of_an_exercise_sets_no_best():
    assert new_bests([squat(5, 200.0)], {}) == ()


def test_a_load_never_lifted_before_is_not_a_reps_best():
    previous = PreviousBests(e1rm_kg=300.0, reps_at_load={100.0: 5})

    assert new_bests([squat(8, 90.0)], {1: previous}) == ()


def test_kilograms_read_as_people_write_them():
    assert [format_kg(v) for v in (97.5, 100.0, 2.25, 0.5)] == ["97.5", "100", "2.25", "0.5"]
