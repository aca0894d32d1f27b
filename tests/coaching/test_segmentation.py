"""Segmentation rules, table by table. Pure: no database."""

from dataclasses import replace

import pytest

from coaching.core.segmentation import (
    SERVICE_MODELS,
    InjuryAnswer,
    IntakeAnswers,
    assess_autonomy,
    assess_experience,
    assess_risk,
    find_issues,
    segment,
    suggest_service_model,
)

STEADY = IntakeAnswers(
    goals=("strength", "muscle"),
    goal_notes="Deadlift 2x bodyweight",
    training_age_years=2,
    sessions_per_week=3,
    session_minutes=60,
    equipment=frozenset({"barbell", "dumbbell"}),
    injuries=(InjuryAnswer("shoulder", "old strain, fine now", current=False),),
    health_screen={"heart_condition": False, "chest_pain": False},
    health_notes="",
    preferences="mornings",
    constraints="",
    stress_level=2,
    sleep_hours=7.5,
    age_years=34,
)


def answers(**changes) -> IntakeAnswers:
    return replace(STEADY, **changes)


def case(id_, expected, **changes):
    return pytest.param(changes, expected, id=id_)


def codes(issues) -> set[str]:
    return {issue.code for issue in issues}


# --- Risk -----------------------------------------------------------------------------------

RISK_CASES = [
    case("a healthy adult with an old healed injury is low risk", "low"),
    case("chest pain makes the risk high", "high", health_screen={"chest_pain": True}),
    case(
        "dizziness or fainting makes the risk high",
        "high",
        health_screen={"dizziness_or_fainting": True},
    ),
    case(
        "medically supervised activity makes the risk high",
        "high",
        health_screen={"medically_supervised": True},
    ),
    case("a heart condition makes the risk high", "high", health_screen={"heart_condition": True}),
    case(
        "prescribed medication makes the risk moderate",
        "moderate",
        health_screen={"medications": True},
    ),
    case(
        "a chronic condition makes the risk moderate",
        "moderate",
        health_screen={"chronic_condition": True},
    ),
    case(
        "a bone or joint problem makes the risk moderate",
        "moderate",
        health_screen={"bone_joint_problem": True},
    ),
    case(
        "pregnancy makes the risk moderate",
        "moderate",
        health_screen={"pregnant_or_postpartum": True},
    ),
    case(
        "a history of disordered eating makes the risk moderate",
        "moderate",
        health_screen={"eating_disorder_history": True},
    ),
    case(
        "a current injury makes the risk moderate",
        "moderate",
        injuries=(InjuryAnswer("knee", "meniscus", current=True),),
    ),
    case("a client of 65 is moderate risk", "moderate", age_years=65),
    case("a client of 64 is low risk", "low", age_years=64),
    case("an unknown age does not raise the risk", "low", age_years=None),
    case(
        "several moderate factors stay moderate",
        "moderate",
        age_years=70,
        health_screen={"medications": True, "chronic_condition": True},
        injuries=(InjuryAnswer("hip", "arthritis", current=True),),
    ),
    case(
        "a high factor wins over moderate ones",
        "high",
        age_years=70,
        health_screen={"medications": True, "chest_pain": True},
    ),
    case(
        "a no on every question is low risk",
        "low",
        health_screen={"chest_pain": False, "medications": False},
    ),
]


@pytest.mark.parametrize(("changes", "expected"), RISK_CASES)
def test_risk(changes, expected):
    assert assess_risk(answers(**changes)).level == expected


def test_every_risk_factor_is_listed_as_a_reason():
    risk = assess_risk(
        answers(
            age_years=70,
            health_screen={"medications": True},
            injuries=(InjuryAnswer("knee", "x", True),),
        )
    )

    assert [reason.code for reason in risk.reasons] == [
        "health_screen_medications",
        "current_injury",
        "older_adult",
    ]
    assert "knee" in risk.reasons[1].text


def test_a_low_risk_says_why_it_is_low():
    assert [reason.code for reason in assess_risk(STEADY).reasons] == ["no_risk_factors"]


# --- Experience -----------------------------------------------------------------------------

EXPERIENCE_CASES = [
    case("no training at all is novice", "novice", training_age_years=0),
    case("eleven months of training is novice", "novice", training_age_years=0.9),
    case("one year of training is intermediate", "intermediate", training_age_years=1),
    case("two and a half years is intermediate", "intermediate", training_age_years=2.5),
    case("three years of training is advanced", "advanced", training_age_years=3),
    case("ten years of training is advanced", "advanced", training_age_years=10),
    case(
        "an advanced lifter returning from injury is treated as intermediate",
        "intermediate",
        training_age_years=8,
        goals=("rehab_return",),
    ),
    case(
        "an advanced lifter back after a layoff is treated as intermediate",
        "intermediate",
        training_age_years=8,
        goal_notes="Getting back into lifting after two years off",
    ),
    case(
        "a novice returning from injury stays novice",
        "novice",
        training_age_years=0.5,
        goals=("rehab_return",),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), EXPERIENCE_CASES)
def test_experience(changes, expected):
    level, reasons = assess_experience(answers(**changes))

    assert level == expected
    assert reasons


# --- Autonomy -------------------------------------------------------------------------------

AUTONOMY_CASES = [
    case(
        "a novice has low autonomy",
        "low",
        training_age_years=0.5,
        stress_level=1,
        sessions_per_week=5,
    ),
    case("an intermediate has medium autonomy", "medium"),
    case(
        "an advanced client training four times a week with low stress has high autonomy",
        "high",
        training_age_years=6,
        sessions_per_week=4,
    ),
    case(
        "an advanced client training twice a week has medium autonomy",
        "medium",
        training_age_years=6,
        sessions_per_week=2,
    ),
    case(
        "an advanced client with middling stress has medium autonomy",
        "medium",
        training_age_years=6,
        sessions_per_week=4,
        stress_level=3,
    ),
    case(
        "high stress takes an intermediate down to low autonomy",
        "low",
        stress_level=4,
    ),
    case(
        "short sleep takes an intermediate down to low autonomy",
        "low",
        sleep_hours=5,
    ),
    case(
        "a current injury caps an advanced client at medium autonomy",
        "medium",
        training_age_years=6,
        sessions_per_week=4,
        injuries=(InjuryAnswer("elbow", "tendinopathy", current=True),),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), AUTONOMY_CASES)
def test_autonomy(changes, expected):
    intake = answers(**changes)
    experience, _ = assess_experience(intake)

    level, reasons = assess_autonomy(intake, experience)

    assert level == expected
    assert reasons


# --- Service model --------------------------------------------------------------------------

SERVICE_CASES = [
    pytest.param(
        ("high", "advanced", "high"),
        "human_in_loop_premium",
        id="high risk needs a human in the loop even for an expert",
    ),
    pytest.param(
        ("high", "novice", "low"),
        "human_in_loop_premium",
        id="a high risk beginner needs a human in the loop",
    ),
    pytest.param(
        ("moderate", "advanced", "high"),
        "assisted_hybrid",
        id="moderate risk gets weekly coach review",
    ),
    pytest.param(
        ("low", "novice", "low"), "assisted_hybrid", id="a healthy beginner gets assisted hybrid"
    ),
    pytest.param(
        ("low", "intermediate", "medium"),
        "assisted_hybrid",
        id="a healthy intermediate gets assisted hybrid",
    ),
    pytest.param(
        ("low", "intermediate", "low"),
        "assisted_hybrid",
        id="a stressed intermediate gets assisted hybrid",
    ),
    pytest.param(
        ("low", "advanced", "high"),
        "ai_self_guided",
        id="an autonomous healthy expert suits a mostly AI plan",
    ),
    pytest.param(
        ("low", "advanced", "medium"),
        "ai_first_escalation",
        id="an unsettled healthy expert gets AI first with escalation",
    ),
]


@pytest.mark.parametrize(("segment_", "expected"), SERVICE_CASES)
def test_service_model(segment_, expected):
    model, reason = suggest_service_model(*segment_)

    assert model == expected
    assert model in SERVICE_MODELS
    assert reason.text.endswith(".")


# --- Issues ---------------------------------------------------------------------------------

ISSUE_CASES = [
    case("a consistent intake has no issues", set()),
    case("no goals is an omission", {"no_goals"}, goals=()),
    case(
        "six sessions a week on five hours of sleep overreaches recovery",
        {"volume_exceeds_recovery"},
        sessions_per_week=6,
        sleep_hours=5,
    ),
    case(
        "five sessions a week under high stress overreaches recovery",
        {"volume_exceeds_recovery"},
        sessions_per_week=5,
        stress_level=4,
    ),
    case("five well-rested sessions a week are fine", set(), sessions_per_week=5),
    case(
        "strength on one session a week is too little",
        {"too_few_sessions_for_goal"},
        sessions_per_week=1,
    ),
    case(
        "strength in 25 minute sessions is too short",
        {"sessions_too_short_for_goal"},
        session_minutes=25,
    ),
    case(
        "endurance on two sessions a week is too little",
        {"too_few_sessions_for_goal"},
        goals=("endurance",),
        sessions_per_week=2,
    ),
    case(
        "sport performance in 40 minute sessions is too short",
        {"sessions_too_short_for_goal"},
        goals=("sport_performance",),
        session_minutes=40,
    ),
    case(
        "four goals on two sessions a week is too many",
        {"too_many_goals_for_schedule"},
        goals=("strength", "muscle", "fat_loss", "general_fitness"),
        sessions_per_week=2,
    ),
    case(
        "fifteen minute sessions are very short",
        {"sessions_very_short"},
        goals=("general_fitness",),
        session_minutes=15,
    ),
    case("three hour sessions are very long", {"sessions_very_long"}, session_minutes=180),
    case(
        "strength with body weight only is limited by equipment",
        {"equipment_limits_goal"},
        equipment=frozenset({"body only"}),
    ),
    case(
        "strength with bands and body weight is limited by equipment",
        {"equipment_limits_goal"},
        equipment=frozenset({"body only", "bands"}),
    ),
    case(
        "general fitness with body weight only is fine",
        set(),
        goals=("general_fitness",),
        equipment=frozenset({"body only"}),
    ),
    case("no equipment listed is an omission", {"no_equipment_given"}, equipment=frozenset()),
    case(
        "a current injury without notes is an omission",
        {"injury_without_notes"},
        injuries=(InjuryAnswer("knee", "", current=True),),
    ),
    case(
        "an old injury without notes is fine",
        set(),
        injuries=(InjuryAnswer("knee", "", current=False),),
    ),
    case(
        "a return from injury goal without any injury is a contradiction",
        {"rehab_goal_without_injury"},
        goals=("rehab_return",),
        injuries=(),
    ),
    case(
        "a health screen yes without details is an omission",
        {"health_screen_without_details"},
        health_screen={"medications": True},
    ),
    case(
        "a health screen yes with details is fine",
        set(),
        health_screen={"medications": True},
        health_notes="Metformin, stable for years",
    ),
    case(
        "pregnancy without notes is an omission",
        {"pregnancy_without_notes"},
        health_screen={"pregnant_or_postpartum": True},
    ),
    case(
        "disordered eating with a fat loss goal suggests a referral",
        {"eating_disorder_with_fat_loss"},
        goals=("fat_loss",),
        health_screen={"eating_disorder_history": True},
        health_notes="Treated in 2019",
    ),
    case(
        "can't jump rules out sport performance staples",
        {"constraint_rules_out_jumping"},
        goals=("sport_performance",),
        constraints="Can't jump because of my Achilles",
    ),
    case(
        "can't jump does not matter for muscle gain",
        set(),
        goals=("muscle",),
        constraints="I can't jump",
    ),
    case(
        "can't get on the floor rules out general fitness staples",
        {"constraint_rules_out_floor_work"},
        goals=("general_fitness",),
        constraints="I can\u2019t get on the floor easily",
    ),
    case(
        "no overhead work rules out strength staples",
        {"constraint_rules_out_overhead"},
        constraints="No overhead pressing (shoulder surgery)",
    ),
    case(
        "cannot run rules out endurance staples",
        {"constraint_rules_out_running"},
        goals=("endurance",),
        sessions_per_week=3,
        constraints="cannot run, knees",
    ),
    case(
        "no heavy lifting rules out strength staples",
        {"constraint_rules_out_heavy_lifting"},
        constraints="doctor says no heavy lifting",
    ),
    case(
        "a constraint without a negation is not read as one",
        set(),
        goals=("sport_performance",),
        constraints="I love jumping and sprinting",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), ISSUE_CASES)
def test_issues(changes, expected):
    assert codes(find_issues(answers(**changes))) == expected


def test_each_issue_is_a_sentence_with_the_numbers():
    issues = find_issues(answers(sessions_per_week=6, sleep_hours=5.5, stress_level=4))

    (issue,) = issues
    assert issue.text == (
        "Asks for 6 sessions a week but sleeps 5.5 hours a night and rates stress 4 of 5; "
        "recovery may not keep up with that volume."
    )


def test_the_constraint_issue_quotes_the_client():
    (issue,) = find_issues(answers(goals=("sport_performance",), constraints="can't jump"))

    assert '"cannot jump"' in issue.text
    assert "sport performance" in issue.text


def test_the_eating_disorder_issue_suggests_a_referral():
    (issue,) = find_issues(
        answers(
            goals=("fat_loss",), health_screen={"eating_disorder_history": True}, health_notes="x"
        )
    )

    assert "referral" in issue.text


def test_issue_codes_are_unique_snake_case():
    messy = answers(
        goals=("strength", "endurance", "sport_performance"),
        sessions_per_week=1,
        session_minutes=15,
        equipment=frozenset({"body only"}),
        injuries=(InjuryAnswer("knee", "", True), InjuryAnswer("wrist", "", True)),
        health_screen={"medications": True, "pregnant_or_postpartum": True},
        constraints="can't jump, no running, no overhead",
    )

    found = [issue.code for issue in find_issues(messy)]

    assert len(found) == len(set(found)) >= 8
    assert all(code.replace("_", "").isalpha() and code.islower() for code in found)


# --- Segment --------------------------------------------------------------------------------


def test_the_api_example_is_low_risk_intermediate_with_no_issues():
    result = segment(STEADY)

    assert (result.risk, result.experience, result.autonomy) == ("low", "intermediate", "medium")
    assert result.suggested_service_model == "assisted_hybrid"
    assert result.issues == ()
    assert result.referral_suggested is False


def test_a_high_risk_intake_suggests_a_referral_and_a_human_in_the_loop():
    result = segment(answers(health_screen={"chest_pain": True}, health_notes="at rest, twice"))

    assert result.risk == "high"
    assert result.referral_suggested is True
    assert result.suggested_service_model == "human_in_loop_premium"
    assert "health_screen_chest_pain" in {reason.code for reason in result.reasons}


def test_an_autonomous_expert_gets_a_mostly_ai_plan():
    result = segment(answers(training_age_years=7, sessions_per_week=4, stress_level=1))

    assert (result.experience, result.autonomy) == ("advanced", "high")
    assert result.suggested_service_model == "ai_self_guided"


def test_the_segment_reasons_cover_every_dimension():
    result = segment(STEADY)

    assert [reason.code for reason in result.reasons] == [
        "no_risk_factors",
        "training_age_intermediate",
        "intermediate_autonomy",
        "service_assisted",
    ]
    assert all(reason.text.endswith(".") for reason in result.reasons)


def test_a_partial_health_screen_counts_missing_answers_as_no():
    assert segment(answers(health_screen={})).risk == "low"
