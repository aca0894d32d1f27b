"""Reading one check-in: structured answers and free text to a level, reasons and a message.

Rules, each in a sentence:

- Every ticked symptom box is red, except nausea, which is yellow.
- The pain field: new pain, and any pain that came with an exercise new to the client
  (``triage.core.redflags.novelty``), is graded by ``triage.core.redflags.pain.grade_pain`` from its
  severity: ``SEVERE_PAIN_MIN_SEVERITY`` or more is red (``new_pain``),
  ``MODERATE_PAIN_MIN_SEVERITY`` or more yellow the same day (``moderate_pain``), less yellow
  within a day (``mild_new_pain``). The reason names the exercise and says it is new to them.
- Known pain of severity ``KNOWN_PAIN_YELLOW_SEVERITY`` or more is yellow (``known_pain_high``);
  lower known pain is the client's usual and is green.
- The 1-5 scores (readiness, fatigue, sleep, mood, stress) are not judged on one check-in: a
  single week's wobble is not a change, and a client who always answers low is not declining.
  The nightly scoring judges them against the client's own usual over the latest two check-ins
  (``triage.core.scoring.levels``); distress in the client's own words is read here, at once.
- Asking for a person is yellow (``human_requested``).
- The notes are read by ``triage.core.redflags.text.read_text`` (vocabulary and pain).
- A session skipped because of pain is pain that stopped training (``skipped_for_pain``).

The reading's level is its worst finding's; green has no findings. Findings are one per code. The
client's message matches the reading: medical wording only for a medical red flag, a crisis
line for self-harm, and for pain what to do with it at its grade.
"""

from __future__ import annotations

from triage.core.redflags import pain as pain_rules
from triage.core.redflags.findings import (
    RED,
    YELLOW,
    CheckInAnswers,
    Finding,
    PainReport,
    Reading,
    deduplicated,
    worst_level,
)
from triage.core.redflags.novelty import NEW_EXERCISE_WINDOW_DAYS, is_new_to_client
from triage.core.redflags.pain import (
    MILD,
    MODERATE,
    MODERATE_PAIN_MIN_SEVERITY,
    SEVERE_PAIN_MIN_SEVERITY,
    finding_for_grade,
    grade_pain,
)
from triage.core.redflags.text import read_text
from triage.core.redflags.vocabulary import CONCEPTS_BY_CODE

NO_PAIN = 0  # severity 0 of 10
KNOWN_PAIN_YELLOW_SEVERITY = 7

__all__ = [
    "KNOWN_PAIN_YELLOW_SEVERITY",
    "MODERATE_PAIN_MIN_SEVERITY",
    "NEW_EXERCISE_WINDOW_DAYS",
    "SEVERE_PAIN_MIN_SEVERITY",
    "message_for",
    "read_check_in",
    "skipped_for_pain",
    "structured_pain_findings",
]

MESSAGE_MEDICAL = (
    "Stop training today. What you told us needs a medical professional, not a training plan: "
    "please seek medical care now, and if your symptoms are severe or getting worse, call your "
    "local emergency number."
)
MESSAGE_CRISIS = (
    "Thank you for telling us; you don't have to carry this alone. If you are thinking about "
    "ending your life or harming yourself, or you feel unsafe right now, please call your local "
    "emergency number or a suicide and crisis line in your country now, and if you can, tell "
    "someone you trust and stay with them. Talking to a doctor or a mental health professional "
    "can help too."
)
MESSAGE_DISTRESS = (
    "Thank you for telling us; you don't have to deal with this alone. If you feel unsafe or are "
    "thinking about harming yourself, please call your local emergency number or a crisis line in "
    "your country now, or reach out to someone you trust."
)
MESSAGE_EATING_OR_EXERCISE = (
    "Thank you for being open about this. A doctor or another health professional you trust can "
    "help with it, and we'd like to support you too."
)
MESSAGE_PAIN = (
    "Please don't train through this pain: skip anything that hurts until your coach has been in "
    "touch. If it is swollen, keeps getting worse or you can't put weight on it, have it checked "
    "by a physiotherapist or doctor."
)
MESSAGE_RED_CLOSING = (
    "Your coach has been told and will be in touch soon; your automatic plan changes are paused "
    "until then."
)
MESSAGE_PAIN_MODERATE = (
    "Thanks for telling us about the pain. Leave out or lighten anything that makes it worse; "
    "your coach will look at it today and adjust your plan."
)
MESSAGE_PAIN_MILD = (
    "Thanks for telling us about the ache. Keep training around it and ease off anything that "
    "makes it worse; your coach will look at it within a day."
)
MESSAGE_YELLOW = "Thanks for checking in. Your coach will review this and get back to you."
MESSAGE_GREEN = "Thanks for checking in. Keep going with your plan."

# Red message parts by category, in the order they are shown.
RED_MESSAGES = (
    ("medical", MESSAGE_MEDICAL),
    ("self_harm", MESSAGE_CRISIS),
    ("mental_health", MESSAGE_DISTRESS),
    ("pain", MESSAGE_PAIN),
    ("eating", MESSAGE_EATING_OR_EXERCISE),
    ("exercise", MESSAGE_EATING_OR_EXERCISE),
)
# Yellow pain messages by code, worst first.
YELLOW_PAIN_MESSAGES = (
    (pain_rules.GRADE_CODES[MODERATE], MESSAGE_PAIN_MODERATE),
    ("known_pain_high", MESSAGE_PAIN_MODERATE),
    (pain_rules.GRADE_CODES[MILD], MESSAGE_PAIN_MILD),
)


def symptom_findings(symptoms: tuple[str, ...]) -> list[Finding]:
    """One finding per ticked box: red, except nausea (yellow)."""
    findings = []
    for code in symptoms:
        concept = CONCEPTS_BY_CODE[code]
        findings.append(
            Finding(
                code,
                concept.level,
                code,
                f"The client ticked {concept.label}.",
                concept.category,
            )
        )
    return findings


def _first_logged(days: int | None) -> str:
    if days is None:
        return "never logged before"
    if days == 0:
        return "first logged today"
    return f"first logged {days} day{'s' if days != 1 else ''} ago"


def structured_pain_findings(pain: PainReport | None) -> list[Finding]:
    """The pain rules in the module docstring; at most one finding."""
    if pain is None or pain.severity <= NO_PAIN:
        return []
    new_exercise = pain.related_exercise is not None and is_new_to_client(
        pain.exercise_first_logged_days_ago
    )
    words = f"{pain.area}, {pain.severity}/10{', new' if pain.new else ''}"
    exercise = ""
    if pain.related_exercise:
        words = f"{words}, with {pain.related_exercise}"
        exercise = f" with {pain.related_exercise}"
        if new_exercise:
            exercise += (
                f", an exercise new to the client "
                f"({_first_logged(pain.exercise_first_logged_days_ago)})"
            )
    if pain.new or new_exercise:
        grade = grade_pain(pain.severity)
        label = pain_rules.GRADE_LABELS[grade]
        text = f"{label} in the {pain.area}{exercise} (severity {pain.severity}/10)."
        return [finding_for_grade(grade, words, text)]
    if pain.severity >= KNOWN_PAIN_YELLOW_SEVERITY:
        text = f"Known pain in the {pain.area} flaring up{exercise}, severity {pain.severity}/10."
        return [Finding("known_pain_high", YELLOW, words, text, "pain")]
    return []


def skipped_for_pain(notes: str, exercise_names: tuple[str, ...], day: str) -> list[Finding]:
    """A session skipped because of pain: the notes are read knowing the pain stopped training
    (moderate at least, red with a warning sign); notes that name no pain give a moderate
    finding of their own."""
    findings = read_text(notes, exercise_names, stopped_training=True)
    if not any(finding.category == "pain" for finding in findings):
        grade = grade_pain(None, stopped=True)
        text = f"Skipped the session on {day} because of pain (no more said)."
        findings.append(finding_for_grade(grade, "skipped: pain", text))
    return list(deduplicated(findings))


def message_for(level: str, findings: tuple[Finding, ...]) -> str:
    """Plain words for the client at the reading's grade: for red, what to do now (medical care
    only for medical symptoms, a crisis line for self-harm or distress, how to treat a painful
    area); for yellow pain, how to train around it and when the coach looks; else thanks."""
    if level == RED:
        categories = {finding.category for finding in findings if finding.level == RED}
        parts = []
        for category, message in RED_MESSAGES:
            if category in categories and message not in parts:
                parts.append(message)
        return " ".join([*parts, MESSAGE_RED_CLOSING])
    if level == YELLOW:
        codes = {finding.code for finding in findings}
        for code, message in YELLOW_PAIN_MESSAGES:
            if code in codes:
                return message
        return MESSAGE_YELLOW
    return MESSAGE_GREEN


def read_check_in(answers: CheckInAnswers) -> Reading:
    """The reading of one check-in: every rule in the module docstring, findings one per code."""
    findings: list[Finding] = []
    findings += symptom_findings(answers.symptoms)
    findings += structured_pain_findings(answers.pain)
    findings += read_text(answers.notes, answers.exercise_names)
    if answers.wants_human_review:
        findings.append(
            Finding(
                "human_requested",
                YELLOW,
                "wants_human_review",
                "The client asked for a person to look at this check-in.",
                "request",
            )
        )
    unique = deduplicated(findings)
    level = worst_level(unique)
    return Reading(level, unique, message_for(level, unique))
