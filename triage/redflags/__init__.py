"""Red-flag reading: one check-in in, a green / yellow / red reading with its reasons out.

Pure Python, no Django. The check-in path calls ``read_check_in`` in the request, so a red flag
opens a red review item and pauses automation at once (DESIGN.md, "The traffic light").

- ``read_check_in(answers) -> Reading``: symptom boxes, pain, scores, the request for a person and
  the notes (rules in ``triage.redflags.checkin``).
- ``read_text(text) -> list[Finding]``: the notes alone (rules in ``triage.redflags.text``,
  vocabulary in ``triage.redflags.vocabulary``, negation / history / hypotheticals in
  ``triage.redflags.context``).

The vocabulary comes from the Symptom Ontology and ICD-10-CM chapter R, the context cues from
medspaCy's rules; all three ship in ``triage/data`` with their licences and are parsed once per
process.
"""

from triage.redflags.checkin import (
    KNOWN_PAIN_YELLOW_SEVERITY,
    NEW_EXERCISE_WINDOW_DAYS,
    NEW_PAIN_RED_SEVERITY,
    PAIN_WITH_NEW_EXERCISE_MIN_SEVERITY,
    read_check_in,
)
from triage.redflags.findings import (
    GREEN,
    RED,
    SYMPTOM_CODES,
    YELLOW,
    CheckInAnswers,
    Finding,
    PainReport,
    Reading,
)
from triage.redflags.text import EXTREME_RESTRICTION_KCAL, read_text

__all__ = [
    "EXTREME_RESTRICTION_KCAL",
    "GREEN",
    "KNOWN_PAIN_YELLOW_SEVERITY",
    "NEW_EXERCISE_WINDOW_DAYS",
    "NEW_PAIN_RED_SEVERITY",
    "PAIN_WITH_NEW_EXERCISE_MIN_SEVERITY",
    "RED",
    "SYMPTOM_CODES",
    "YELLOW",
    "CheckInAnswers",
    "Finding",
    "PainReport",
    "Reading",
    "read_check_in",
    "read_text",
]
