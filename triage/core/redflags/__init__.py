"""Red-flag reading: one check-in in, a green / yellow / red reading with its reasons out.

Pure Python, no Django. The check-in path calls ``read_check_in`` in the request, so a red flag
opens a red review item and pauses automation at once (DESIGN.md, "The traffic light").

- ``read_check_in(answers) -> Reading``: symptom boxes, pain, scores, the request for a person and
  the notes (rules in ``triage.core.redflags.checkin``).
- ``read_text(text, exercise_names) -> list[Finding]``: the notes alone (rules in
  ``triage.core.redflags.text``, vocabulary in ``triage.core.redflags.vocabulary``, pain in
  ``triage.core.redflags.pain``, exercise names in ``triage.core.redflags.exercises``, negation / history /
  hypotheticals in ``triage.core.redflags.context``).
- ``skipped_for_pain(notes, exercise_names, day)``: a session skipped because of pain.
- ``grade_pain(severity, warning=, stopped=)``: the one pain grading rule (mild, moderate,
  severe); ``is_new_to_client`` and ``are_close_variants``: what "a new exercise" means.

The vocabulary comes from the Symptom Ontology and ICD-10-CM chapter R, the context cues from
medspaCy's rules; all three ship in ``triage/data`` with their licences and are parsed once per
process.
"""

from triage.core.redflags.checkin import (
    KNOWN_PAIN_YELLOW_SEVERITY,
    read_check_in,
    skipped_for_pain,
)
from triage.core.redflags.findings import (
    GREEN,
    RED,
    SYMPTOM_CODES,
    YELLOW,
    CheckInAnswers,
    Finding,
    PainReport,
    Reading,
)
from triage.core.redflags.novelty import (
    NEW_EXERCISE_WINDOW_DAYS,
    ExerciseFacts,
    are_close_variants,
    is_new_to_client,
)
from triage.core.redflags.pain import (
    MODERATE_PAIN_MIN_SEVERITY,
    PAIN_CODES,
    SEVERE_PAIN_MIN_SEVERITY,
    grade_pain,
)
from triage.core.redflags.text import EXTREME_RESTRICTION_KCAL, read_text

__all__ = [
    "EXTREME_RESTRICTION_KCAL",
    "GREEN",
    "KNOWN_PAIN_YELLOW_SEVERITY",
    "MODERATE_PAIN_MIN_SEVERITY",
    "NEW_EXERCISE_WINDOW_DAYS",
    "PAIN_CODES",
    "RED",
    "SEVERE_PAIN_MIN_SEVERITY",
    "SYMPTOM_CODES",
    "YELLOW",
    "CheckInAnswers",
    "ExerciseFacts",
    "Finding",
    "PainReport",
    "Reading",
    "are_close_variants",
    "grade_pain",
    "is_new_to_client",
    "read_check_in",
    "read_text",
    "skipped_for_pain",
]
