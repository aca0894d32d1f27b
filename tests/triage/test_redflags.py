"""Red-flag reading of a whole check-in: symptom boxes, pain, scores, the request for a person,
de-duplication, the client's message and the shipped vocabulary. Pure: no database."""

import ast
import dataclasses
from pathlib import Path

import pytest

from triage.core.defaults import ESCALATION_RULES, PLAN_CHANGE_HOURS, RED_HOURS, SAME_DAY_HOURS
from triage.core.redflags import (
    KNOWN_PAIN_YELLOW_SEVERITY,
    MODERATE_PAIN_MIN_SEVERITY,
    NEW_EXERCISE_WINDOW_DAYS,
    SEVERE_PAIN_MIN_SEVERITY,
    SYMPTOM_CODES,
    CheckInAnswers,
    ExerciseFacts,
    Finding,
    PainReport,
    Reading,
    are_close_variants,
    data,
    grade_pain,
    read_check_in,
    read_text,
    skipped_for_pain,
    vocabulary,
)
from triage.core.redflags.checkin import (
    MESSAGE_GREEN,
    MESSAGE_PAIN_MILD,
    MESSAGE_PAIN_MODERATE,
    MESSAGE_YELLOW,
)
from triage.core.redflags.context import cues
from triage.core.redflags.pain import GRADE_CODES, GRADE_LEVELS
from triage.core.redflags.tokens import corrected, tokenize

CALM = {"readiness": 4, "sleep_quality": 4, "soreness": 2, "fatigue": 2, "stress": 2, "mood": 4}


def check_in(**answers) -> CheckInAnswers:
    return CheckInAnswers(**{**CALM, **answers})


def codes(reading: Reading) -> set[str]:
    return {finding.code for finding in reading.findings}


# --- green ---------------------------------------------------------------------------------


def test_a_calm_check_in_is_green_with_no_findings_and_a_short_thanks():
    reading = read_check_in(check_in(notes="Good week, legs a bit tired"))

    assert (reading.level, reading.findings) == ("green", ())
    assert reading.message_to_client == MESSAGE_GREEN


def test_an_empty_note_is_green():
    assert read_check_in(check_in(notes="   ")).level == "green"


# --- symptom boxes -------------------------------------------------------------------------


@pytest.mark.parametrize("symptom", [s for s in SYMPTOM_CODES if s != "nausea"])
def test_every_symptom_box_but_nausea_is_red_with_its_own_code(symptom):
    reading = read_check_in(check_in(symptoms=(symptom,)))

    assert reading.level == "red"
    assert [(f.code, f.level, f.category) for f in reading.findings] == [
        (symptom, "red", "medical")
    ]


def test_nausea_alone_is_yellow():
    reading = read_check_in(check_in(symptoms=("nausea",)))

    assert reading.level == "yellow"
    assert [(f.code, f.level) for f in reading.findings] == [("nausea", "yellow")]


def test_nausea_with_a_red_symptom_is_red_and_lists_red_first():
    reading = read_check_in(check_in(symptoms=("nausea", "chest_pain")))

    assert reading.level == "red"
    assert [f.code for f in reading.findings] == ["chest_pain", "nausea"]


def test_an_unknown_symptom_is_a_clear_error():
    with pytest.raises(ValueError, match="hiccups"):
        check_in(symptoms=("hiccups",))


@pytest.mark.parametrize(
    ("field", "value"),
    [("readiness", 0), ("mood", 6), ("fatigue", -1)],
    ids=["readiness-zero", "mood-six", "fatigue-negative"],
)
def test_a_score_outside_one_to_five_is_a_clear_error_naming_the_field(field, value):
    with pytest.raises(ValueError, match=field):
        check_in(**{field: value})


def test_a_pain_severity_outside_zero_to_ten_is_a_clear_error():
    with pytest.raises(ValueError, match="severity"):
        PainReport(area="knee", severity=11, new=True)


# --- pain ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "level", "code"),
    [
        (1, "yellow", "mild_new_pain"),
        (MODERATE_PAIN_MIN_SEVERITY - 1, "yellow", "mild_new_pain"),
        (MODERATE_PAIN_MIN_SEVERITY, "yellow", "moderate_pain"),
        (SEVERE_PAIN_MIN_SEVERITY - 1, "yellow", "moderate_pain"),
        (SEVERE_PAIN_MIN_SEVERITY, "red", "new_pain"),
        (10, "red", "new_pain"),
    ],
    ids=["1", "3", "4", "6", "7", "10"],
)
def test_new_pain_is_graded_by_its_severity(severity, level, code):
    reading = read_check_in(check_in(pain=PainReport(area="knee", severity=severity, new=True)))

    assert (reading.level, codes(reading)) == (level, {code})
    assert "knee" in reading.findings[0].text


def test_mild_pain_on_an_exercise_new_to_the_client_is_yellow_and_names_the_exercise():
    pain = PainReport(
        area="knee",
        severity=1,
        new=False,
        related_exercise="Bulgarian Split Squat",
        exercise_first_logged_days_ago=5,
    )

    reading = read_check_in(check_in(pain=pain))

    assert reading.level == "yellow"
    (finding,) = reading.findings
    assert finding.code == "mild_new_pain"
    assert "knee with Bulgarian Split Squat, an exercise new to the client" in finding.text
    assert "first logged 5 days ago" in finding.text
    assert "Bulgarian Split Squat" in finding.words


def test_one_in_ten_on_a_new_exercise_is_never_told_to_seek_medical_care():
    pain = PainReport("knee", 1, True, "Box Jump", exercise_first_logged_days_ago=None)

    message = read_check_in(check_in(pain=pain)).message_to_client

    assert message == MESSAGE_PAIN_MILD
    assert "medical" not in message.lower() and "doctor" not in message.lower()


@pytest.mark.parametrize(
    ("first_logged_days_ago", "level"),
    [
        (None, "yellow"),
        (0, "yellow"),
        (NEW_EXERCISE_WINDOW_DAYS - 1, "yellow"),
        (NEW_EXERCISE_WINDOW_DAYS, "green"),
        (200, "green"),
    ],
    ids=["never-logged", "first-logged-today", "last-day-of-the-window", "logged-before", "old"],
)
def test_known_mild_pain_counts_as_new_only_on_an_exercise_new_to_the_client(
    first_logged_days_ago, level
):
    pain = PainReport(
        area="shoulder",
        severity=3,
        new=False,
        related_exercise="Landmine Press",
        exercise_first_logged_days_ago=first_logged_days_ago,
    )

    assert read_check_in(check_in(pain=pain)).level == level


def test_an_exercise_never_logged_before_says_so():
    pain = PainReport("wrist", 2, False, related_exercise="Zercher Squat")

    (finding,) = read_check_in(check_in(pain=pain)).findings

    assert "Zercher Squat, an exercise new to the client (never logged before)" in finding.text


def test_moderate_pain_tells_the_client_the_coach_looks_today():
    pain = PainReport(area="hip", severity=5, new=True)

    assert read_check_in(check_in(pain=pain)).message_to_client == MESSAGE_PAIN_MODERATE


@pytest.mark.parametrize(
    ("severity", "warning", "stopped", "grade"),
    [
        (None, False, False, "mild"),
        (2, False, False, "mild"),
        (None, False, True, "moderate"),
        (5, False, False, "moderate"),
        (1, True, False, "severe"),
        (7, False, False, "severe"),
        (4, True, True, "severe"),
    ],
    ids=["unrated", "two", "stopped", "five", "warning", "seven", "all"],
)
def test_pain_is_graded_by_one_rule(severity, warning, stopped, grade):
    assert grade_pain(severity, warning=warning, stopped=stopped) == grade


def test_a_session_skipped_for_pain_with_no_notes_is_moderate_pain_not_red():
    (finding,) = skipped_for_pain("", (), "1 Nov")

    assert (finding.code, finding.level) == ("moderate_pain", "yellow")
    assert "Skipped the session on 1 Nov because of pain" in finding.text


def test_a_session_skipped_for_a_sharp_pain_is_red():
    findings = skipped_for_pain("sharp pain in my lower back", (), "1 Nov")

    assert [(f.code, f.level) for f in findings] == [("new_pain", "red")]


def test_a_session_skipped_for_a_mild_ache_is_moderate_because_it_stopped_training():
    findings = skipped_for_pain("knee a bit achy", ("Barbell Squat",), "1 Nov")

    assert [(f.code, f.level) for f in findings] == [("moderate_pain", "yellow")]


def test_known_pain_at_the_yellow_threshold_is_yellow():
    pain = PainReport(area="lower back", severity=KNOWN_PAIN_YELLOW_SEVERITY, new=False)

    reading = read_check_in(check_in(pain=pain))

    assert (reading.level, codes(reading)) == ("yellow", {"known_pain_high"})


def test_known_pain_below_the_yellow_threshold_is_the_clients_usual_and_green():
    pain = PainReport(area="lower back", severity=KNOWN_PAIN_YELLOW_SEVERITY - 1, new=False)

    assert read_check_in(check_in(pain=pain)).level == "green"


def test_zero_pain_is_no_pain():
    pain = PainReport(area="knee", severity=0, new=True)

    assert read_check_in(check_in(pain=pain)).level == "green"


# --- scores and requests -------------------------------------------------------------------


@pytest.mark.parametrize(("readiness", "fatigue"), [(2, 4), (1, 5), (3, 5), (1, 3)])
def test_one_check_ins_readiness_and_fatigue_are_left_to_the_clients_own_usual(readiness, fatigue):
    # A single week's wobble on a 1-5 scale is not a change: the nightly judges it against the
    # client's usual over two check-ins.
    assert read_check_in(check_in(readiness=readiness, fatigue=fatigue)).level == "green"


def test_asking_for_a_person_is_yellow_with_its_own_code():
    reading = read_check_in(check_in(wants_human_review=True))

    assert (reading.level, codes(reading)) == ("yellow", {"human_requested"})
    assert reading.findings[0].category == "request"


def test_a_context_change_in_the_notes_is_yellow():
    reading = read_check_in(check_in(notes="Started new medication on Monday"))

    assert (reading.level, codes(reading)) == ("yellow", {"context_change"})


# --- de-duplication ------------------------------------------------------------------------


def test_a_box_and_the_same_symptom_in_the_notes_give_one_finding_with_both_sources():
    reading = read_check_in(
        check_in(symptoms=("chest_pain",), notes="chest felt tight, tight chest all evening")
    )

    assert [f.code for f in reading.findings] == ["chest_pain"]
    assert reading.findings[0].words.startswith("chest_pain")
    assert "chest felt tight" in reading.findings[0].words


def test_the_same_symptom_written_twice_is_one_finding():
    findings = read_text("Dizzy on Monday. Dizzy again on Thursday, really light headed.")

    assert [f.code for f in findings] == ["dizziness"]


def test_notes_with_several_red_flags_give_one_finding_per_code_in_reading_order():
    findings = read_text("Heart was racing, then I nearly passed out and my chest felt tight.")

    assert [f.code for f in findings] == ["palpitations", "fainting", "chest_pain"]


def test_each_finding_quotes_the_clients_own_words():
    (finding,) = read_text("Felt LIGHT-HEADED after squats")

    assert finding.words == "LIGHT-HEADED"
    assert '"LIGHT-HEADED"' in finding.text


def test_a_finding_is_frozen():
    finding = read_text("felt dizzy")[0]

    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.level = "green"  # type: ignore[misc]


# --- messages ------------------------------------------------------------------------------


def test_a_medical_red_tells_the_client_to_stop_and_seek_care_and_that_a_coach_knows():
    message = read_check_in(check_in(symptoms=("fainting",))).message_to_client

    assert message.startswith("Stop training today.")
    assert "seek medical care now" in message
    assert "local emergency number" in message
    assert "coach has been told" in message


def test_distress_gets_supportive_words_and_a_crisis_line_without_a_country_number():
    message = read_check_in(check_in(notes="I feel hopeless")).message_to_client

    assert "crisis line" in message
    assert "coach has been told" in message
    assert "Stop training today" not in message
    assert not any(char.isdigit() for char in message)


def test_self_harm_gets_crisis_words_and_a_referral_without_a_country_number():
    message = read_check_in(check_in(notes="been thinking about ending it all")).message_to_client

    assert "suicide and crisis line in your country" in message
    assert "local emergency number" in message
    assert "Stop training today" not in message
    assert not any(char.isdigit() for char in message)


def test_restriction_or_compulsion_points_to_a_health_professional_without_alarm():
    message = read_check_in(check_in(notes="haven't eaten in two days")).message_to_client

    assert "health professional" in message
    assert "Stop training today" not in message


def test_red_pain_asks_the_client_not_to_train_through_it_without_medical_alarm():
    pain = PainReport(area="ankle", severity=8, new=True)

    message = read_check_in(check_in(pain=pain)).message_to_client

    assert "don't train through this pain" in message
    assert "Stop training today" not in message and "seek medical care" not in message


def test_a_medical_and_a_distress_red_together_say_both_and_name_the_coach_once():
    message = read_check_in(
        check_in(symptoms=("chest_pain",), notes="what's the point of anything")
    ).message_to_client

    assert "seek medical care now" in message and "crisis line" in message
    assert message.count("coach has been told") == 1


def test_a_yellow_message_promises_review_without_naming_hours():
    message = read_check_in(check_in(wants_human_review=True)).message_to_client

    assert message == MESSAGE_YELLOW
    assert not any(char.isdigit() for char in message)


# --- the shipped data ----------------------------------------------------------------------


def test_the_ontology_loads_syncope_with_its_synonyms():
    labels = data.ontology_labels("SYMP:0000407")

    assert {"syncope", "faint", "fainting"} <= set(labels)


def test_the_fainting_vocabulary_comes_from_the_ontology_and_icd():
    terms = vocabulary.vocabulary()["fainting"]

    assert "syncope" in terms and "fainting" in terms
    assert "collapse" not in terms  # left out: squats "collapse" too


def test_the_shortness_of_breath_vocabulary_has_the_ontology_synonyms():
    terms = set(vocabulary.vocabulary()["shortness_of_breath"])

    assert {"dyspnea", "breathlessness", "shortness of breath", "difficulty breathing"} <= terms


def test_icd_titles_are_split_into_symptom_names():
    assert data.icd_labels("R42") == ("dizziness", "giddiness")
    assert data.icd_labels("R079") == ("chest pain",)
    assert data.icd_labels("R0789") == ("chest pain",)


def test_every_medical_code_drawn_from_the_data_has_data_vocabulary():
    terms = vocabulary.vocabulary()

    for concept in vocabulary.CONCEPTS:
        if concept.ontology_ids or concept.icd_codes:
            assert terms[concept.code], concept.code


def test_the_context_rules_load_medspacy_negation_history_and_hypotheticals():
    sources = {cue.source for cue in cues()}

    assert {"medspacy: no", "medspacy: deny", "medspacy: history", "medspacy: if"} <= sources
    assert "medspacy: decline" not in sources  # "a decline in my lifts" is not a negation


def test_an_unknown_ontology_term_is_an_error_not_an_empty_vocabulary():
    with pytest.raises(KeyError):
        data.ontology_labels("SYMP:9999999")


def test_reading_check_ins_does_not_parse_the_data_files_again():
    read_text("felt dizzy")
    parsed = (
        data.ontology.cache_info().misses,
        data.icd_titles.cache_info().misses,
        data.context_rules.cache_info().misses,
        vocabulary.matchers.cache_info().misses,
    )

    for _ in range(3):
        read_check_in(check_in(symptoms=("nausea",), notes="chest felt tight, no dizziness"))

    assert (
        data.ontology.cache_info().misses,
        data.icd_titles.cache_info().misses,
        data.context_rules.cache_info().misses,
        vocabulary.matchers.cache_info().misses,
    ) == parsed


# --- typos ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "word"),
    [
        ("diziness", "dizziness"),
        ("chets", "chest"),
        ("feinted", "fainted"),
        ("palpatations", "palpitations"),
    ],
    ids=["diziness", "chets", "feinted", "palpatations"],
)
def test_it_corrects_typos_of_symptom_words(typo, word):
    assert corrected(typo, vocabulary.fuzzy_targets(), vocabulary.known_words()) == word


@pytest.mark.parametrize("word", ["fasting", "painted", "painting", "several", "homeless", "faint"])
def test_it_leaves_real_words_that_look_like_symptom_words_alone(word):
    assert corrected(word, vocabulary.fuzzy_targets(), vocabulary.known_words()) == word


def test_it_splits_contractions_and_keeps_the_clients_spans():
    tokens = tokenize("I didn't faint")

    assert [t.text for t in tokens] == ["i", "did", "n't", "faint"]
    assert (tokens[2].start, tokens[2].end) == (2, 8)


def test_the_red_flag_package_imports_no_django():
    package = Path(data.__file__).parent
    imported = set()
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)

    assert imported and not [name for name in imported if name.split(".")[0] == "django"]


def test_findings_are_plain_dataclasses_with_the_documented_fields():
    assert [f.name for f in dataclasses.fields(Finding)] == [
        "code",
        "level",
        "words",
        "text",
        "category",
    ]


# --- what a new exercise is ------------------------------------------------------------------


def facts(name, pattern, muscle, equipment):
    return ExerciseFacts(name=name, pattern=pattern, main_muscle=muscle, equipment=equipment)


BACK_SQUAT = facts("Barbell Squat", "squat", "quadriceps", "barbell")


@pytest.mark.parametrize(
    ("other", "variant"),
    [
        (facts("Front Barbell Squat", "squat", "quadriceps", "barbell"), True),
        (facts("Goblet Squat", "squat", "quadriceps", "kettlebells"), True),
        (facts("Leg Press", "squat", "quadriceps", "machine"), False),
        (facts("Dumbbell Lunges", "lunge", "quadriceps", "dumbbell"), False),
        (facts("Barbell Squat", "", "", "barbell"), True),
    ],
    ids=["front-squat", "goblet-squat", "leg-press", "lunges", "same-name"],
)
def test_close_variants_share_the_pattern_the_main_muscle_and_the_equipment_or_movement(
    other, variant
):
    assert are_close_variants(BACK_SQUAT, other) is variant


def test_a_dumbbell_bench_press_is_a_variant_of_the_barbell_one_but_push_ups_are_not():
    barbell = facts("Barbell Bench Press - Medium Grip", "horizontal_push", "chest", "barbell")

    assert are_close_variants(
        barbell, facts("Dumbbell Bench Press", "horizontal_push", "chest", "dumbbell")
    )
    assert not are_close_variants(
        barbell, facts("Pushups", "horizontal_push", "chest", "body only")
    )


# --- the escalation matrix -------------------------------------------------------------------


def test_every_code_the_reader_gives_is_an_escalation_rule_at_the_same_level():

    given = {concept.code: concept.level for concept in vocabulary.CONCEPTS}
    given |= {GRADE_CODES[grade]: GRADE_LEVELS[grade] for grade in GRADE_CODES}
    given |= {"known_pain_high": "yellow", "human_requested": "yellow"}

    for code, level in given.items():
        assert ESCALATION_RULES[code][0] == level, code
        if level == "red":
            assert ESCALATION_RULES[code][1] == RED_HOURS, code


def test_a_mild_ache_waits_a_day_and_moderate_pain_is_seen_the_same_day():

    assert ESCALATION_RULES["mild_new_pain"][:2] == ("yellow", PLAN_CHANGE_HOURS)
    assert ESCALATION_RULES["moderate_pain"][:2] == ("yellow", SAME_DAY_HOURS)
    assert ESCALATION_RULES["new_pain"][0] == "red"
