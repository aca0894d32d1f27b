"""What a red-flag reading takes in and gives out: frozen dataclasses, no behaviour beyond checks.

- A ``CheckInAnswers`` is one client check-in: 1–5 scores, optional pain, ticked symptom boxes,
  free-text notes and whether the client asked for a person. Out-of-range values are a ValueError
  naming the field (the API validates first; this is the last wall).
- A ``Finding`` is one reason with a level, the client's words that triggered it and one
  sentence for the coach. A ``Reading`` is the worst level of its findings (green when there are
  none), the findings (at most one per code, red first) and the message shown to the client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["green", "yellow", "red"]
GREEN, YELLOW, RED = "green", "yellow", "red"
LEVEL_RANK = {GREEN: 0, YELLOW: 1, RED: 2}

Category = Literal[
    "medical",
    "self_harm",
    "mental_health",
    "eating",
    "exercise",
    "pain",
    "context",
    "request",
    "readiness",
]
CATEGORIES = frozenset(
    {
        "medical",
        "self_harm",
        "mental_health",
        "eating",
        "exercise",
        "pain",
        "context",
        "request",
        "readiness",
    }
)

# The check-in API's symptom boxes (CONTRACT.md). All are red alone except nausea (yellow).
SYMPTOM_CODES = (
    "chest_pain",
    "dizziness",
    "fainting",
    "shortness_of_breath",
    "palpitations",
    "numbness",
    "weakness_one_side",
    "vision_or_speech_changes",
    "severe_headache",
    "nausea",
)

SCORE_MIN, SCORE_MAX = 1, 5  # readiness, sleep_quality, soreness, fatigue, stress, mood
PAIN_SEVERITY_MIN, PAIN_SEVERITY_MAX = 0, 10


@dataclass(frozen=True)
class PainReport:
    """Pain the client reports: where, how bad (0–10), whether it is new, and the exercise it
    came with if the client named one, with the days since the client first logged that exercise
    or a close variant (None when they never did)."""

    area: str
    severity: int
    new: bool
    related_exercise: str | None = None
    exercise_first_logged_days_ago: int | None = None

    def __post_init__(self) -> None:
        if not PAIN_SEVERITY_MIN <= self.severity <= PAIN_SEVERITY_MAX:
            raise ValueError(
                f"pain.severity must be {PAIN_SEVERITY_MIN}–{PAIN_SEVERITY_MAX}, "
                f"got {self.severity}"
            )
        if (
            self.exercise_first_logged_days_ago is not None
            and self.exercise_first_logged_days_ago < 0
        ):
            raise ValueError("pain.exercise_first_logged_days_ago must not be negative")


@dataclass(frozen=True)
class CheckInAnswers:
    """One check-in. Scales are 1–5 where 5 is best for readiness, sleep_quality and mood and
    worst for soreness, fatigue and stress."""

    readiness: int
    sleep_quality: int
    soreness: int
    fatigue: int
    stress: int
    mood: int
    sleep_hours: float | None = None
    pain: PainReport | None = None
    symptoms: tuple[str, ...] = ()
    notes: str = ""
    wants_human_review: bool = False
    exercise_names: tuple[str, ...] = ()  # the client's own exercises, to name them in reasons

    def __post_init__(self) -> None:
        for name in ("readiness", "sleep_quality", "soreness", "fatigue", "stress", "mood"):
            value = getattr(self, name)
            if not SCORE_MIN <= value <= SCORE_MAX:
                raise ValueError(f"{name} must be {SCORE_MIN}–{SCORE_MAX}, got {value}")
        unknown = sorted(set(self.symptoms) - set(SYMPTOM_CODES))
        if unknown:
            raise ValueError(f"unknown symptoms: {', '.join(unknown)}")


@dataclass(frozen=True)
class Finding:
    """One reason to look: ``code`` (an escalation trigger), ``level`` ("yellow" or "red"), the
    ``words`` that triggered it, one sentence ``text`` for the coach and its ``category``."""

    code: str
    level: Level
    words: str
    text: str
    category: Category


@dataclass(frozen=True)
class Reading:
    """The verdict on one check-in: the worst level, its findings and the words for the client."""

    level: Level
    findings: tuple[Finding, ...]
    message_to_client: str

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(finding.code for finding in self.findings)


def worst_level(findings: tuple[Finding, ...] | list[Finding]) -> Level:
    """Red if any finding is red, else yellow if there are findings, else green."""
    level = GREEN
    for finding in findings:
        if LEVEL_RANK[finding.level] > LEVEL_RANK[level]:
            level = finding.level
    return level


def deduplicated(findings: list[Finding]) -> tuple[Finding, ...]:
    """One finding per code: the first one seen, raised to the worst level seen for that code,
    with every distinct triggering phrase kept in ``words``. Red findings come first, otherwise
    the order they were found in is kept."""
    by_code: dict[str, Finding] = {}
    for finding in findings:
        kept = by_code.get(finding.code)
        if kept is None:
            by_code[finding.code] = finding
            continue
        words = kept.words
        if finding.words and finding.words not in words.split("; "):
            words = f"{words}; {finding.words}" if words else finding.words
        base = finding if LEVEL_RANK[finding.level] > LEVEL_RANK[kept.level] else kept
        by_code[finding.code] = Finding(base.code, base.level, words, base.text, base.category)
    ordered = list(by_code.values())
    return tuple(sorted(ordered, key=lambda f: -LEVEL_RANK[f.level]))
