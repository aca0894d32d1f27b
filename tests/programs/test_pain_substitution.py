"""A pain report on any drafted exercise yields a substitution proposal: for every exercise the
engine drafts, across many client profiles, and every area that exercise loads, the best-
tolerated substitute exists and says why."""

import pytest

from programs.core.adjustments import propose_substitution
from programs.core.drafting import draft_program
from programs.core.library import GRADE_RANK, area_load, load_library
from tests.programs.test_drafting import PROFILES, request_for


@pytest.fixture(scope="module")
def library():
    return load_library()


def drafted_cases(library):
    for name, profile in sorted(PROFILES.items()):
        request = request_for(**profile)
        program = draft_program(request, library)
        keys = {
            p.exercise_key for w in program.weeks for wo in w.workouts for p in wo.prescriptions
        }
        yield name, request, keys


def test_pain_in_any_area_a_drafted_exercise_loads_yields_a_substitute(library):
    by_key = {exercise.key: exercise for exercise in library}
    checked, missing = 0, []
    for name, request, keys in drafted_cases(library):
        current = [injury for injury in request.injuries if injury.current]
        for key in sorted(keys):
            exercise = by_key[key]
            for area, _ in exercise.joint_loads:
                proposal = propose_substitution(
                    exercise,
                    library,
                    request.equipment,
                    [area, *current],
                    request.constraints,
                    reason=f"{area} pain (5/10) was reported with it",
                )
                checked += 1
                if proposal is None:
                    missing.append((name, exercise.name, area))
                    continue
                chosen = by_key[proposal.payload["to_key"]]
                assert GRADE_RANK[area_load(chosen, area)] <= GRADE_RANK[area_load(exercise, area)]
                assert GRADE_RANK[area_load(chosen, area)] <= GRADE_RANK["moderate"]
                assert proposal.rationale.startswith(f"Replace {exercise.name} with")
                assert "because" in proposal.rationale
    assert checked > 500
    assert missing == [], missing
