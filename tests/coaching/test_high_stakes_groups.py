"""The brief's high-stakes groups in segmentation: validated screens (SCOFF, LEAF-Q / IOC REDs
CAT2 indicators), after birth, disordered eating, making weight, awaiting medical clearance.
Pure: no database."""

from dataclasses import replace

import pytest

from coaching.core.segmentation import (
    IntakeAnswers,
    PostpartumAnswer,
    apply_service_floors,
    assess_risk,
    clearance_required,
    energy_indicators,
    find_issues,
    high_stakes_groups,
    is_postpartum,
    is_pregnant,
    makes_weight,
    postpartum_needs_care,
    scoff_positive,
    scoff_score,
    segment,
)

# Low risk, advanced and autonomous: the intake that came out AI self-guided.
EXPERT = IntakeAnswers(
    goals=("strength",),
    training_age_years=6,
    sessions_per_week=4,
    session_minutes=60,
    equipment=frozenset({"barbell", "dumbbell"}),
    stress_level=1,
    sleep_hours=8,
    age_years=27,
)
AFTER_BIRTH = {"pregnant_or_postpartum": True}


def answers(**changes) -> IntakeAnswers:
    return replace(EXPERT, **changes)


def scoff(*yes: str) -> dict[str, bool]:
    return dict.fromkeys(yes, True)


def groups(result) -> set[str]:
    return set(result.groups)


# --- SCOFF ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "score", "positive"),
    [
        ((), 0, False),
        (("makes_self_sick",), 1, False),
        (("makes_self_sick", "lost_control_eating"), 2, True),
        (("lost_weight_fast", "feels_fat_when_thin", "food_dominates_life"), 3, True),
        (
            (
                "makes_self_sick",
                "lost_control_eating",
                "lost_weight_fast",
                "feels_fat_when_thin",
                "food_dominates_life",
            ),
            5,
            True,
        ),
    ],
    ids=["none", "one is negative", "two is positive", "three", "all five"],
)
def test_scoff_is_positive_from_two_yes_answers(yes, score, positive):
    screened = answers(eating_screen=scoff(*yes))

    assert scoff_score(screened) == score
    assert scoff_positive(screened) is positive


def test_unknown_or_false_scoff_answers_do_not_count():
    screened = answers(eating_screen={"makes_self_sick": False, "something_else": True})

    assert scoff_score(screened) == 0


def test_a_positive_scoff_suggests_a_referral_and_a_coach_on_every_change():
    result = segment(answers(eating_screen=scoff("lost_control_eating", "food_dominates_life")))

    assert result.referral_suggested is True
    assert result.suggested_service_model == "human_in_loop_premium"
    assert result.risk == "moderate"
    assert groups(result) == {"disordered_eating"}
    assert "SCOFF" in result.referrals[0].text
    assert "scoff_positive" in {issue.code for issue in result.issues}


def test_one_scoff_answer_alone_changes_nothing():
    result = segment(answers(eating_screen=scoff("lost_control_eating")))

    assert result.groups == ()
    assert result.suggested_service_model == "ai_self_guided"


# --- Disordered-eating history --------------------------------------------------------------


def test_a_disordered_eating_history_is_coach_reviewed_with_a_referral():
    result = segment(
        answers(
            goals=("fat_loss",),
            health_screen={"eating_disorder_history": True},
            health_notes="treated in 2020",
        )
    )

    assert result.risk == "moderate"
    assert result.suggested_service_model == "human_in_loop_premium"
    assert result.referral_suggested is True
    assert any("eating-disorder specialist" in r.text for r in result.referrals)
    assert "eating_disorder_with_fat_loss" in {issue.code for issue in result.issues}


# --- Low energy availability ----------------------------------------------------------------


@pytest.mark.parametrize(
    "screen",
    [
        {"missed_periods": True},
        {"bone_stress_injury": True},
        dict.fromkeys(("missed_periods", "bone_stress_injury"), True),
    ],
    ids=["missed periods", "bone stress injury", "both"],
)
def test_each_low_energy_indicator_refers_to_a_sports_physician_and_dietitian(screen):
    result = segment(answers(goals=("endurance",), energy_screen=screen))

    assert energy_indicators(answers(energy_screen=screen)) == [k for k in screen]
    assert groups(result) == {"low_energy_availability"}
    assert result.referral_suggested is True
    assert "sports physician" in result.referrals[0].text
    assert "LEAF-Q" in result.referrals[0].text and "REDs" in result.referrals[0].text
    assert result.risk == "moderate"
    assert result.suggested_service_model == "human_in_loop_premium"


def test_no_energy_indicator_is_no_group():
    assert energy_indicators(answers(energy_screen={"missed_periods": False})) == []


# --- After birth ----------------------------------------------------------------------------

POSTPARTUM_CASES = [
    ("pregnant", PostpartumAnswer(stage="pregnant"), False, True, False),
    ("unsaid stage counts as after birth", None, True, False, True),
    ("after birth, not checked", PostpartumAnswer("postpartum", 4, False, ()), True, False, True),
    (
        "after birth, checked, leaking",
        PostpartumAnswer("postpartum", 4, True, ("leaking",)),
        True,
        False,
        True,
    ),
    (
        "after birth, checked, no symptoms",
        PostpartumAnswer("postpartum", 6, True, ()),
        True,
        False,
        False,
    ),
]


@pytest.mark.parametrize(
    ("details", "postpartum", "pregnant", "needs_care"),
    [pytest.param(*case[1:], id=case[0]) for case in POSTPARTUM_CASES],
)
def test_after_birth_needs_care_with_symptoms_or_without_a_check(
    details, postpartum, pregnant, needs_care
):
    screened = answers(health_screen=AFTER_BIRTH, postpartum=details)

    assert is_postpartum(screened) is postpartum
    assert is_pregnant(screened) is pregnant
    assert postpartum_needs_care(screened) is needs_care


def test_details_without_the_screen_yes_mean_nothing():
    screened = answers(postpartum=PostpartumAnswer("postpartum", 2, False, ("leaking",)))

    assert not is_postpartum(screened)
    assert high_stakes_groups(screened) == ()


def test_after_birth_with_leaking_and_no_check_is_human_in_loop_with_a_referral():
    result = segment(
        answers(
            goals=("fat_loss", "general_fitness"),
            health_screen=AFTER_BIRTH,
            postpartum=PostpartumAnswer("postpartum", 4, False, ("leaking",)),
        )
    )

    assert result.suggested_service_model == "human_in_loop_premium"
    assert result.referral_suggested is True
    assert "pelvic-health physiotherapist" in result.referrals[0].text
    assert "Goom" in result.referrals[0].text
    (issue,) = [i for i in result.issues if i.code == "postpartum_needs_check"]
    assert "4 months after birth" in issue.text and "leaking" in issue.text
    assert "no running or jumping" in issue.text


def test_after_birth_checked_and_well_needs_no_referral():
    result = segment(
        answers(
            health_screen=AFTER_BIRTH,
            health_notes="fine",
            postpartum=PostpartumAnswer("postpartum", 8, True, ()),
        )
    )

    assert result.referral_suggested is False
    assert result.groups == ()


def test_pregnancy_is_coach_reviewed_without_a_referral():
    result = segment(
        answers(
            health_screen=AFTER_BIRTH,
            health_notes="20 weeks",
            postpartum=PostpartumAnswer("pregnant"),
        )
    )

    assert groups(result) == {"pregnant"}
    assert result.suggested_service_model == "human_in_loop_premium"
    assert result.referral_suggested is False


# --- Making weight --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "notes",
    [
        "Judo competition in April, I need to cut 6 kg to make weight.",
        "Weigh-in is the day before the meet",
        "Fighting in the 70 kg weight class",
        "cutting down to 66 for nationals",
    ],
)
def test_making_weight_is_read_from_the_goal_notes(notes):
    assert makes_weight(answers(goal_notes=notes))


def test_making_weight_is_read_from_the_answer():
    assert makes_weight(answers(making_weight=True))


@pytest.mark.parametrize("notes", ["I want to lose weight", "Deadlift my body weight", ""])
def test_other_weight_words_are_not_making_weight(notes):
    assert not makes_weight(answers(goal_notes=notes))


def test_a_weight_cut_athlete_is_not_self_guided():
    result = segment(
        answers(
            goals=("sport_performance", "strength"), goal_notes="I need to cut 6 kg to make weight."
        )
    )

    assert result.suggested_service_model == "human_in_loop_premium"
    assert result.risk == "moderate"
    assert "making_weight" in {issue.code for issue in result.issues}
    assert "service_floor_making_weight" in {reason.code for reason in result.reasons}


# --- Awaiting medical clearance -------------------------------------------------------------


@pytest.mark.parametrize(
    "key", ["chest_pain", "dizziness_or_fainting", "medically_supervised", "heart_condition"]
)
def test_the_high_risk_answers_require_a_recorded_clearance(key):
    result = segment(answers(health_screen={key: True}, health_notes="x"))

    assert clearance_required(answers(health_screen={key: True}))
    assert result.clearance_required is True
    assert "awaiting_clearance" in result.groups
    assert "awaiting_medical_clearance" in {issue.code for issue in result.issues}


@pytest.mark.parametrize("key", ["medications", "chronic_condition", "bone_joint_problem"])
def test_other_health_answers_need_no_clearance(key):
    assert segment(answers(health_screen={key: True}, health_notes="x")).clearance_required is False


# --- Together -------------------------------------------------------------------------------


def test_floors_never_lower_the_oversight():
    findings = high_stakes_groups(answers(making_weight=True))

    assert apply_service_floors("concierge", findings) == ("concierge", ())
    model, reasons = apply_service_floors("ai_self_guided", findings)
    assert model == "human_in_loop_premium" and len(reasons) == 1


def test_groups_come_in_a_fixed_order_and_each_names_its_source():
    everything = answers(
        health_screen={"chest_pain": True, "pregnant_or_postpartum": True},
        health_notes="x",
        eating_screen=scoff("makes_self_sick", "lost_weight_fast"),
        energy_screen={"missed_periods": True},
        making_weight=True,
    )

    found = high_stakes_groups(everything)

    assert [f.group for f in found] == [
        "awaiting_clearance",
        "postpartum_care",
        "disordered_eating",
        "low_energy_availability",
        "making_weight",
    ]
    assert all("(after " in f.reason.text for f in found)
    assert assess_risk(everything).level == "high"
    issue_codes = [issue.code for issue in find_issues(everything)]
    assert len(issue_codes) == len(set(issue_codes))


def test_an_intake_without_the_new_answers_segments_as_before():
    result = segment(EXPERT)

    assert result.groups == ()
    assert result.referrals == ()
    assert result.clearance_required is False
    assert result.suggested_service_model == "ai_self_guided"
