"""Reading one check-in: structured answers and free text to a level, reasons and a message.

Rules, each in a sentence:

- Every ticked symptom box is red, except nausea, which is yellow.
- New pain of severity ``NEW_PAIN_RED_SEVERITY`` or more is red (``new_pain``).
- Any pain (severity ``PAIN_WITH_NEW_EXERCISE_MIN_SEVERITY`` or more) with an exercise added to the
  plan in the last ``NEW_EXERCISE_WINDOW_DAYS`` days is red, naming the exercise
  (``pain_after_new_exercise``).
- Other new pain (severity 1 to ``NEW_PAIN_RED_SEVERITY`` - 1) is yellow (``mild_new_pain``): a
  coach should see it before the plan moves on, but it is not an emergency.
- Known pain of severity ``KNOWN_PAIN_YELLOW_SEVERITY`` or more is yellow (``known_pain_high``);
  lower known pain is the client's usual and is green.
- The 1-5 scores (readiness, fatigue, sleep, mood, stress) are not judged on one check-in: a
  single week's wobble is not a change, and a client who always answers low is not declining.
  The nightly scoring judges them against the client's own usual over the latest two check-ins
  (``triage.scoring.levels``); distress in the client's own words is read here, at once.
- Asking for a person is yellow (``human_requested``).
- The notes are read by ``triage.redflags.text.read_text`` (symptoms, distress, restriction,
  compulsive exercise, sharp new pain: red; nausea, context changes: yellow).

The reading's level is its worst finding's; green has no findings. Findings are one per code.
"""

from __future__ import annotations

from triage.redflags.findings import (
    RED,
    YELLOW,
    CheckInAnswers,
    Finding,
    PainReport,
    Reading,
    deduplicated,
    worst_level,
)
from triage.redflags.text import read_text
from triage.redflags.vocabulary import CONCEPTS_BY_CODE

NO_PAIN = 0  # severity 0 of 10
NEW_PAIN_RED_SEVERITY = 5
PAIN_WITH_NEW_EXERCISE_MIN_SEVERITY = 1
NEW_EXERCISE_WINDOW_DAYS = 14
KNOWN_PAIN_YELLOW_SEVERITY = 7

MESSAGE_MEDICAL = (
    "Stop training today. What you told us needs a medical professional, not a training plan: "
    "please seek medical care now, and if your symptoms are severe or getting worse, call your "
    "local emergency number."
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
    "touch, and seek medical care if it is severe or getting worse."
)
MESSAGE_RED_CLOSING = (
    "Your coach has been told and will be in touch soon; your automatic plan changes are paused "
    "until then."
)
MESSAGE_YELLOW = "Thanks for checking in. Your coach will review this and get back to you."
MESSAGE_GREEN = "Thanks for checking in. Keep going with your plan."

# Red message parts by category, in the order they are shown.
RED_MESSAGES = (
    ("medical", MESSAGE_MEDICAL),
    ("mental_health", MESSAGE_DISTRESS),
    ("pain", MESSAGE_PAIN),
    ("eating", MESSAGE_EATING_OR_EXERCISE),
    ("exercise", MESSAGE_EATING_OR_EXERCISE),
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


def _days(days: int) -> str:
    if days == 0:
        return "added today"
    return f"added {days} day{'s' if days != 1 else ''} ago"


def pain_findings(pain: PainReport | None) -> list[Finding]:
    """The pain rules in the module docstring, in order; at most one finding."""
    if pain is None or pain.severity <= NO_PAIN:
        return []
    words = f"{pain.area}, {pain.severity}/10{', new' if pain.new else ''}"
    recent_exercise = (
        pain.related_exercise is not None
        and pain.exercise_added_days_ago is not None
        and pain.exercise_added_days_ago <= NEW_EXERCISE_WINDOW_DAYS
    )
    if recent_exercise and pain.severity >= PAIN_WITH_NEW_EXERCISE_MIN_SEVERITY:
        text = (
            f"Pain in the {pain.area} after {pain.related_exercise}, "
            f"{_days(pain.exercise_added_days_ago)} (severity {pain.severity}/10)."
        )
        words = f"{words}, after {pain.related_exercise}"
        return [Finding("pain_after_new_exercise", RED, words, text, "pain")]
    if pain.new and pain.severity >= NEW_PAIN_RED_SEVERITY:
        text = f"New pain in the {pain.area}, severity {pain.severity}/10."
        return [Finding("new_pain", RED, words, text, "pain")]
    if pain.new:
        text = f"New mild pain in the {pain.area}, severity {pain.severity}/10."
        return [Finding("mild_new_pain", YELLOW, words, text, "pain")]
    if pain.severity >= KNOWN_PAIN_YELLOW_SEVERITY:
        text = f"Known pain in the {pain.area} flaring up, severity {pain.severity}/10."
        return [Finding("known_pain_high", YELLOW, words, text, "pain")]
    return []


def message_for(level: str, findings: tuple[Finding, ...]) -> str:
    """Plain words for the client: what to do now (red), that a coach will look (yellow), thanks."""
    if level == RED:
        categories = {finding.category for finding in findings if finding.level == RED}
        parts = []
        for category, message in RED_MESSAGES:
            if category in categories and message not in parts:
                parts.append(message)
        return " ".join([*parts, MESSAGE_RED_CLOSING])
    if level == YELLOW:
        return MESSAGE_YELLOW
    return MESSAGE_GREEN


def read_check_in(answers: CheckInAnswers) -> Reading:
    """The reading of one check-in: every rule in the module docstring, findings one per code."""
    findings: list[Finding] = []
    findings += symptom_findings(answers.symptoms)
    findings += pain_findings(answers.pain)
    findings += read_text(answers.notes)
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
