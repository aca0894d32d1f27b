"""Intake segmentation: risk, experience and autonomy, a suggested service model, and the
contradictions and omissions a coach should see before the first program is drafted.

Pure: no Django. The brief's first step: "segment clients by risk, experience, and autonomy",
then "review the intake for contradictions or omissions". Every rule is one function below and
every threshold a named constant, so "why is this client high risk" has one answer in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

RiskLevel = Literal["low", "moderate", "high"]
Experience = Literal["novice", "intermediate", "advanced"]
Autonomy = Literal["low", "medium", "high"]
ServiceModel = Literal[
    "ai_self_guided",
    "assisted_hybrid",
    "human_in_loop_premium",
    "ai_first_escalation",
    "concierge",
]

LOW, MODERATE, HIGH = "low", "moderate", "high"
MEDIUM = "medium"
NOVICE, INTERMEDIATE, ADVANCED = "novice", "intermediate", "advanced"

AI_SELF_GUIDED = "ai_self_guided"
ASSISTED_HYBRID = "assisted_hybrid"
HUMAN_IN_LOOP_PREMIUM = "human_in_loop_premium"
AI_FIRST_ESCALATION = "ai_first_escalation"
CONCIERGE = "concierge"
SERVICE_MODELS = (
    AI_SELF_GUIDED,
    ASSISTED_HYBRID,
    HUMAN_IN_LOOP_PREMIUM,
    AI_FIRST_ESCALATION,
    CONCIERGE,
)
# How a person reads each service model (tiers made from a preset carry the same words).
SERVICE_MODEL_LABELS = {
    AI_SELF_GUIDED: "AI self-guided",
    ASSISTED_HYBRID: "Assisted hybrid",
    HUMAN_IN_LOOP_PREMIUM: "Human-in-the-loop premium",
    AI_FIRST_ESCALATION: "AI-first with escalation",
    CONCIERGE: "Concierge",
}

_RISK_ORDER = {LOW: 0, MODERATE: 1, HIGH: 2}
_EXPERIENCE_ORDER = {NOVICE: 0, INTERMEDIATE: 1, ADVANCED: 2}
_AUTONOMY_ORDER = {LOW: 0, MEDIUM: 1, HIGH: 2}

# --- Risk -----------------------------------------------------------------------------------
# Health-screen answers that make the risk high: the client needs medical clearance before
# training (CONTRACT.md names the first three; a diagnosed heart condition or high blood
# pressure is the PAR-Q+'s first question and gets the same caution).
HIGH_RISK_SCREEN = (
    "chest_pain",
    "dizziness_or_fainting",
    "medically_supervised",
    "heart_condition",
)
# Every other health-screen "yes" makes the risk at least moderate.
HEALTH_SCREEN_TEXT = {
    "heart_condition": "a heart condition or high blood pressure",
    "chest_pain": "chest pain at rest, in daily activities or when exercising",
    "dizziness_or_fainting": "dizziness or fainting",
    "chronic_condition": "another chronic medical condition",
    "medications": "prescribed medication for a chronic condition",
    "bone_joint_problem": "a bone, joint or soft-tissue problem that activity could worsen",
    "medically_supervised": "a doctor's advice to exercise only under medical supervision",
    "pregnant_or_postpartum": "pregnancy or having given birth in the last 12 months",
    "eating_disorder_history": "a history of disordered eating",
}
# From this age, training is planned with more caution (PAR-Q+ practice and ACSM guidance for
# older adults): at least moderate risk.
OLDER_ADULT_AGE_YEARS = 65

# --- Experience -----------------------------------------------------------------------------
# Training age (years of consistent training) below this is novice ...
NOVICE_BELOW_YEARS = 1.0
# ... and from this on advanced; in between intermediate.
ADVANCED_FROM_YEARS = 3.0
# Words in the goal notes or constraints that say the client is coming back after a break.
LAYOFF_PATTERN = re.compile(
    r"\b(lay-?off|time off|years? off|months? off|break from (?:training|the gym|lifting)"
    r"|(?:haven't|have not|havent) (?:trained|lifted|worked out|been training)"
    r"|getting back into|coming back (?:to|from))",
    re.IGNORECASE,
)

# --- Autonomy -------------------------------------------------------------------------------
# An advanced client training at least this often a week, with stress at or below
# LOW_STRESS_MAX, has a stable routine: high autonomy.
HIGH_AUTONOMY_MIN_SESSIONS = 3
LOW_STRESS_MAX = 2
# Stress at or above this, or sleep below SHORT_SLEEP_HOURS, lowers autonomy one step.
HIGH_STRESS_MIN = 4
SHORT_SLEEP_HOURS = 6.0

# --- Issues ---------------------------------------------------------------------------------
# Volume asked vs recovery capacity: this many sessions a week with short sleep or high stress.
HIGH_VOLUME_SESSIONS = 5
# Goal vs schedule: the fewest sessions a week and the shortest session each goal needs.
GOAL_MIN_SESSIONS = {"strength": 2, "muscle": 2, "endurance": 3, "sport_performance": 2}
GOAL_MIN_SESSION_MINUTES = {"strength": 30, "muscle": 30, "endurance": 30, "sport_performance": 45}
# Many goals on very few sessions: this many goals with at most MANY_GOALS_MAX_SESSIONS.
MANY_GOALS = 3
MANY_GOALS_MAX_SESSIONS = 2
# Sessions shorter than this or longer than that are worth a question.
VERY_SHORT_SESSION_MINUTES = 20
VERY_LONG_SESSION_MINUTES = 150
# Equipment that cannot load a strength goal progressively.
LIGHT_EQUIPMENT = frozenset({"body only", "bands", "exercise ball", "foam roll", "medicine ball"})
EQUIPMENT_LIMITED_GOALS = ("strength",)
EQUIPMENT_TEXT = {
    "body only": "body weight",
    "bands": "resistance bands",
    "exercise ball": "an exercise ball",
    "foam roll": "a foam roller",
    "medicine ball": "a medicine ball",
}

GOAL_TEXT = {
    "strength": "strength",
    "muscle": "muscle gain",
    "fat_loss": "fat loss",
    "endurance": "endurance",
    "general_fitness": "general fitness",
    "sport_performance": "sport performance",
    "rehab_return": "return from injury",
}

# --- The brief's high-stakes groups --------------------------------------------------------
# Where a screen exists it is a validated one; the questions are ours, written in our own words
# (intake_vocab), and the sources are named in every reason a coach reads.
SCOFF_SOURCE = "the SCOFF questionnaire (Morgan, Reid and Lacey, BMJ 1999)"
LEAFQ_SOURCE = "the LEAF-Q (Melin et al., 2014)"
REDS_CAT2_SOURCE = "the IOC REDs Clinical Assessment Tool 2 (Stellingwerff et al., 2023)"
POSTPARTUM_SOURCES = (
    "ACOG Committee Opinion 804 (2020) and Goom, Donnelly and Brockwell (2019), returning to "
    "running after birth"
)
MAKING_WEIGHT_SOURCE = "the IOC consensus statement on REDs (Mountjoy et al., 2023)"
# The five SCOFF questions (intake_vocab words them); this many "yes" answers is a positive
# screen (the questionnaire's own cut-off).
SCOFF_QUESTIONS = (
    "makes_self_sick",
    "lost_control_eating",
    "lost_weight_fast",
    "feels_fat_when_thin",
    "food_dominates_life",
)
SCOFF_POSITIVE_FROM = 2
# LEAF-Q and REDs CAT2 indicators of low energy availability: either one is enough to refer.
ENERGY_QUESTIONS = ("missed_periods", "bone_stress_injury")
ENERGY_TEXT = {
    "missed_periods": "three or more missed periods in a row in the last year",
    "bone_stress_injury": "a stress fracture or bone stress injury in the last two years",
}
# After birth: what the client may report.
POSTPARTUM_SYMPTOMS = {
    "leaking": "leaking urine or wind",
    "heaviness": "heaviness or dragging in the pelvis",
    "pelvic_pain": "pelvic, scar or back pain",
    "abdominal_separation": "a gap or doming down the middle of the tummy",
}
PREGNANT, POSTPARTUM = "pregnant", "postpartum"
# A weight to make for a competition, in the client's words (drafting reads the same pattern).
MAKING_WEIGHT_PATTERN = re.compile(
    r"\bmake weight\b|\bmaking weight\b|\bweigh[- ]?in\b|\bweight class\b|\bweight category\b"
    r"|\bcut(?:ting)? \d+(?:\.\d+)? ?kg\b|\bcut(?:ting)? (?:down )?to \d+"
)
# The service models in order of how much a coach oversees; a group sets a floor.
_OVERSIGHT_ORDER = {
    AI_SELF_GUIDED: 0,
    AI_FIRST_ESCALATION: 1,
    ASSISTED_HYBRID: 2,
    HUMAN_IN_LOOP_PREMIUM: 3,
    CONCIERGE: 4,
}
# Group codes (also the drafting populations' source).
GROUP_POSTPARTUM = "postpartum_care"
GROUP_PREGNANT = "pregnant"
GROUP_DISORDERED_EATING = "disordered_eating"
GROUP_LOW_ENERGY = "low_energy_availability"
GROUP_MAKING_WEIGHT = "making_weight"
GROUP_AWAITING_CLEARANCE = "awaiting_clearance"

# Negations that open a constraint: "can't", "cannot", "no", "avoid", "unable to", ...
_NEG = r"\b(?:cannot|unable to|no|avoid|avoiding|must not|should not|not allowed to|never|do not)\s+(?:\w+\s+)?"


@dataclass(frozen=True)
class ConstraintRule:
    """A constraint that rules out a staple of some goals."""

    code: str
    pattern: re.Pattern[str]
    goals: tuple[str, ...]
    staple: str


CONSTRAINT_RULES = (
    ConstraintRule(
        "constraint_rules_out_jumping",
        re.compile(_NEG + r"(?:jump\w*|plyo\w*|impact|high[- ]impact|landing)\b"),
        ("sport_performance",),
        "jumps and plyometrics",
    ),
    ConstraintRule(
        "constraint_rules_out_floor_work",
        re.compile(
            _NEG
            + r"(?:(?:down\s+)?(?:on|onto|to)\s+the\s+(?:floor|ground)|floor\w*|kneel\w*|lie\s+down|lying\s+down)"
        ),
        ("general_fitness", "rehab_return"),
        "floor work (core, bridges, mobility)",
    ),
    ConstraintRule(
        "constraint_rules_out_overhead",
        re.compile(_NEG + r"(?:overhead|above\s+(?:my|the)\s+head)"),
        ("strength", "muscle", "sport_performance"),
        "overhead pressing",
    ),
    ConstraintRule(
        "constraint_rules_out_running",
        re.compile(_NEG + r"(?:run|running|jog|jogging|sprint\w*)\b"),
        ("endurance", "sport_performance"),
        "running",
    ),
    ConstraintRule(
        "constraint_rules_out_heavy_lifting",
        re.compile(_NEG + r"heavy\b"),
        ("strength",),
        "heavy lifting",
    ),
)


@dataclass(frozen=True)
class InjuryAnswer:
    area: str
    notes: str = ""
    current: bool = False


@dataclass(frozen=True)
class PostpartumAnswer:
    """Details after a "yes" to pregnancy or a birth in the last 12 months."""

    stage: str = ""  # PREGNANT | POSTPARTUM | "" (not said)
    months_since_birth: int | None = None
    checked_since_birth: bool = False  # a GP, midwife or pelvic-health physio has checked
    symptoms: tuple[str, ...] = ()


@dataclass(frozen=True)
class IntakeAnswers:
    goals: tuple[str, ...] = ()
    goal_notes: str = ""
    training_age_years: float = 0.0
    sessions_per_week: int = 3
    session_minutes: int = 60
    equipment: frozenset[str] = frozenset()
    injuries: tuple[InjuryAnswer, ...] = ()
    health_screen: dict[str, bool] = field(default_factory=dict)
    health_notes: str = ""
    preferences: str = ""
    constraints: str = ""
    stress_level: int = 3
    sleep_hours: float = 7.0
    age_years: int | None = None
    # SCOFF answers ({question: bool}, SCOFF_QUESTIONS), LEAF-Q / REDs CAT2 indicators
    # ({missed_periods, bone_stress_injury}), the details after a "yes" to pregnancy or birth,
    # and whether the client must make a weight for a competition.
    eating_screen: dict[str, bool] = field(default_factory=dict)
    energy_screen: dict[str, bool] = field(default_factory=dict)
    postpartum: PostpartumAnswer | None = None
    making_weight: bool = False


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


@dataclass(frozen=True)
class Issue:
    code: str
    text: str


@dataclass(frozen=True)
class RiskAssessment:
    level: RiskLevel
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Segmentation:
    risk: RiskLevel
    experience: Experience
    autonomy: Autonomy
    suggested_service_model: ServiceModel
    reasons: tuple[Reason, ...]
    issues: tuple[Issue, ...]
    referral_suggested: bool
    # Who to refer to and why, each with its source; the high-stakes groups the client is in
    # (GROUP_* codes); and whether no program may be drafted until a coach records a medical
    # clearance.
    referrals: tuple[Reason, ...] = ()
    groups: tuple[str, ...] = ()
    clearance_required: bool = False


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def answers_from(intake) -> IntakeAnswers:
    """The answers of any intake-like object (the model, or a plain object in the gallery),
    read by attribute; a missing answer takes the dataclass default."""
    postpartum = _mapping(getattr(intake, "postpartum", None))
    months = postpartum.get("months_since_birth")
    return IntakeAnswers(
        goals=tuple(getattr(intake, "goals", None) or ()),
        goal_notes=getattr(intake, "goal_notes", "") or "",
        training_age_years=float(getattr(intake, "training_age_years", None) or 0),
        sessions_per_week=int(getattr(intake, "sessions_per_week", None) or 0),
        session_minutes=int(getattr(intake, "session_minutes", None) or 0),
        equipment=frozenset(getattr(intake, "equipment", None) or ()),
        injuries=tuple(
            InjuryAnswer(
                area=injury.get("area", ""),
                notes=injury.get("notes", "") or "",
                current=bool(injury.get("current")),
            )
            for injury in getattr(intake, "injuries", None) or ()
            if isinstance(injury, dict)
        ),
        health_screen={
            key: bool(value)
            for key, value in _mapping(getattr(intake, "health_screen", None)).items()
        },
        health_notes=getattr(intake, "health_notes", "") or "",
        preferences=getattr(intake, "preferences", "") or "",
        constraints=getattr(intake, "constraints", "") or "",
        stress_level=int(getattr(intake, "stress_level", None) or 3),
        sleep_hours=float(
            7 if getattr(intake, "sleep_hours", None) is None else intake.sleep_hours
        ),
        age_years=getattr(intake, "age_years", None),
        eating_screen={
            key: bool(value)
            for key, value in _mapping(getattr(intake, "eating_screen", None)).items()
        },
        energy_screen={
            key: bool(value)
            for key, value in _mapping(getattr(intake, "energy_screen", None)).items()
        },
        postpartum=PostpartumAnswer(
            stage=postpartum.get("stage") or "",
            months_since_birth=int(months) if isinstance(months, int | float) else None,
            checked_since_birth=bool(postpartum.get("checked_since_birth")),
            symptoms=tuple(postpartum.get("symptoms") or ()),
        )
        if postpartum
        else None,
        making_weight=bool(getattr(intake, "making_weight", False)),
    )


def _yes(answers: IntakeAnswers) -> list[str]:
    """The health-screen questions answered yes, in the vocabulary's order."""
    screen = answers.health_screen or {}
    known = [key for key in HEALTH_SCREEN_TEXT if screen.get(key)]
    return known + sorted(
        key for key, value in screen.items() if value and key not in HEALTH_SCREEN_TEXT
    )


def _current_injuries(answers: IntakeAnswers) -> list[InjuryAnswer]:
    return [injury for injury in answers.injuries if injury.current]


def _join(words: Iterable[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _goal_names(goals: Iterable[str]) -> str:
    return _join(GOAL_TEXT.get(goal, goal.replace("_", " ")) for goal in goals)


def _plural(count: float, word: str) -> str:
    number = f"{count:g}"
    return f"{number} {word}" if count == 1 else f"{number} {word}s"


# --- The high-stakes groups -----------------------------------------------------------------


def scoff_score(answers: IntakeAnswers) -> int:
    """How many of the five SCOFF questions were answered yes."""
    screen = answers.eating_screen or {}
    return sum(1 for key in SCOFF_QUESTIONS if screen.get(key))


def scoff_positive(answers: IntakeAnswers) -> bool:
    """SCOFF is positive from SCOFF_POSITIVE_FROM "yes" answers (the questionnaire's cut-off)."""
    return scoff_score(answers) >= SCOFF_POSITIVE_FROM


def energy_indicators(answers: IntakeAnswers) -> list[str]:
    """The LEAF-Q / REDs CAT2 indicators of low energy availability answered yes."""
    screen = answers.energy_screen or {}
    return [key for key in ENERGY_QUESTIONS if screen.get(key)]


def _pregnancy_yes(answers: IntakeAnswers) -> bool:
    return bool((answers.health_screen or {}).get("pregnant_or_postpartum"))


def is_pregnant(answers: IntakeAnswers) -> bool:
    """Said yes to pregnancy or a recent birth, and that they are pregnant now."""
    return _pregnancy_yes(answers) and (answers.postpartum or PostpartumAnswer()).stage == PREGNANT


def is_postpartum(answers: IntakeAnswers) -> bool:
    """Said yes to pregnancy or a recent birth and did not say they are pregnant now: after
    birth (an unanswered stage counts as after birth, the case that needs more care)."""
    return _pregnancy_yes(answers) and not is_pregnant(answers)


def postpartum_needs_care(answers: IntakeAnswers) -> bool:
    """After birth with any pelvic-floor or abdominal symptom, or without a check by a GP,
    midwife or pelvic-health physio since the birth (not known counts as not checked)."""
    if not is_postpartum(answers):
        return False
    details = answers.postpartum or PostpartumAnswer()
    return bool(details.symptoms) or not details.checked_since_birth


def makes_weight(answers: IntakeAnswers) -> bool:
    """Must make a weight for a competition: answered so, or said so in the goal notes ("cut
    6 kg", "make weight", "weigh-in", "weight class")."""
    return answers.making_weight or bool(
        MAKING_WEIGHT_PATTERN.search(_normalise(answers.goal_notes))
    )


def clearance_screen_answers(answers: IntakeAnswers) -> list[str]:
    """The health-screen answers that call for a doctor's clearance before training."""
    return [key for key in _yes(answers) if key in HIGH_RISK_SCREEN]


def clearance_required(answers: IntakeAnswers) -> bool:
    """No program is drafted until a coach records a medical clearance when the health screen
    says chest pain, dizziness or fainting, a heart condition, or medically supervised
    activity only (PAR-Q+: "speak with your doctor before becoming more physically active")."""
    return bool(clearance_screen_answers(answers))


@dataclass(frozen=True)
class GroupFinding:
    """One high-stakes group the client is in: why, the least oversight it needs (a service
    model floor), the referral to suggest (if any) and the issue the coach reads."""

    group: str
    reason: Reason
    floor: ServiceModel | None
    referral: Reason | None
    issue: Issue | None
    raises_risk: bool = True


def _postpartum_finding(answers: IntakeAnswers) -> GroupFinding | None:
    if is_pregnant(answers):
        return GroupFinding(
            GROUP_PREGNANT,
            Reason(
                "pregnant",
                "Is pregnant: no running or jumping is drafted, core work is pelvic-floor-aware "
                f"and a coach approves every change (after {POSTPARTUM_SOURCES}).",
            ),
            HUMAN_IN_LOOP_PREMIUM,
            None,
            None,
            raises_risk=False,  # the health-screen "yes" already makes it moderate
        )
    if not postpartum_needs_care(answers):
        return None
    details = answers.postpartum or PostpartumAnswer()
    said = []
    if details.months_since_birth is not None:
        said.append(f"{_plural(details.months_since_birth, 'month')} after birth")
    else:
        said.append("after birth")
    if details.symptoms:
        said.append(
            "reports "
            + _join(POSTPARTUM_SYMPTOMS.get(s, s.replace("_", " ")) for s in details.symptoms)
        )
    if not details.checked_since_birth:
        said.append("has not been checked by a GP, midwife or pelvic-health physio since")
    described = ", ".join(said)
    issue = None
    if details.stage == POSTPARTUM:  # without details the omission issue asks for them
        issue = Issue(
            "postpartum_needs_check",
            f"Is {described}: suggest a postnatal check with a GP or a pelvic-health "
            "physiotherapist; no running or jumping until a clinician clears it, and core work "
            "stays pelvic-floor-aware.",
        )
    return GroupFinding(
        GROUP_POSTPARTUM,
        Reason(
            "postpartum_needs_care",
            f"Is {described}: a coach approves every change and running or jumping waits for "
            f"a clinician's clearance (after {POSTPARTUM_SOURCES}).",
        ),
        HUMAN_IN_LOOP_PREMIUM,
        Reason(
            "refer_postnatal_check",
            "A postnatal check with a GP or a pelvic-health physiotherapist (pelvic floor and "
            "abdominal wall) before running, jumping or heavy lifting"
            f" (after {POSTPARTUM_SOURCES}).",
        ),
        issue,
        raises_risk=False,
    )


def _eating_finding(answers: IntakeAnswers) -> GroupFinding | None:
    history = bool((answers.health_screen or {}).get("eating_disorder_history"))
    score = scoff_score(answers)
    positive = score >= SCOFF_POSITIVE_FROM
    if not history and not positive:
        return None
    why = []
    if history:
        why.append("reports a history of disordered eating")
    if positive:
        why.append(
            f"answered yes to {score} of the 5 SCOFF questions ({SCOFF_POSITIVE_FROM} or more is positive)"
        )
    described = _join(why)
    return GroupFinding(
        GROUP_DISORDERED_EATING,
        Reason(
            "scoff_positive" if positive else "disordered_eating_history",
            f"{described.capitalize()}: a coach reviews every change, and nothing is framed "
            f"around fat loss without the coach (after {SCOFF_SOURCE}).",
        ),
        HUMAN_IN_LOOP_PREMIUM,
        Reason(
            "refer_eating_disorder",
            "A GP or an eating-disorder specialist, and a registered dietitian before any "
            f"body-composition goal (after {SCOFF_SOURCE}).",
        ),
        Issue(
            "scoff_positive",
            f"{described.capitalize()}: talk it through, suggest a GP or an eating-disorder "
            "specialist, and keep fat loss out of the plan unless you decide otherwise "
            f"(after {SCOFF_SOURCE}).",
        )
        if positive
        else None,
        raises_risk=positive,  # the history alone is already a moderate health-screen answer
    )


def _energy_finding(answers: IntakeAnswers) -> GroupFinding | None:
    found = energy_indicators(answers)
    if not found:
        return None
    described = _join(ENERGY_TEXT[key] for key in found)
    sources = f"{LEAFQ_SOURCE}; {REDS_CAT2_SOURCE}"
    return GroupFinding(
        GROUP_LOW_ENERGY,
        Reason(
            "low_energy_availability",
            f"Reports {described}, indicators of low energy availability: a coach reviews "
            f"every change (after {sources}).",
        ),
        HUMAN_IN_LOOP_PREMIUM,
        Reason(
            "refer_low_energy_availability",
            "A sports physician and a sports dietitian to assess low energy availability "
            f"(after {sources}).",
        ),
        Issue(
            "low_energy_availability",
            f"Reports {described}: indicators of low energy availability (REDs); suggest a "
            "sports physician and a dietitian, and no added conditioning or weight goal until "
            f"they have seen the client (after {sources}).",
        ),
    )


def _making_weight_finding(answers: IntakeAnswers) -> GroupFinding | None:
    if not makes_weight(answers):
        return None
    return GroupFinding(
        GROUP_MAKING_WEIGHT,
        Reason(
            "making_weight",
            "Is making weight for a competition: the cut is itself a stressor, so a coach "
            f"reviews every change and the weight plan (after {MAKING_WEIGHT_SOURCE}).",
        ),
        HUMAN_IN_LOOP_PREMIUM,
        None,
        Issue(
            "making_weight",
            "Is making weight for a competition: agree the weight plan (how much, by when, "
            "how) and watch for weight falling faster than about 1% a week, missed periods "
            f"or bone pain (after {MAKING_WEIGHT_SOURCE}).",
        ),
    )


def _clearance_finding(answers: IntakeAnswers) -> GroupFinding | None:
    keys = clearance_screen_answers(answers)
    if not keys:
        return None
    described = _join(HEALTH_SCREEN_TEXT[key] for key in keys)
    return GroupFinding(
        GROUP_AWAITING_CLEARANCE,
        Reason(
            "awaiting_medical_clearance",
            f"Answered yes to {described}: no program until a coach records a doctor's "
            "clearance (who cleared, when, and a note) on the intake review (after the PAR-Q+).",
        ),
        HUMAN_IN_LOOP_PREMIUM,
        Reason(
            "refer_medical_clearance",
            f"Medical clearance from a doctor before training (answered yes to {described}; "
            "after the PAR-Q+).",
        ),
        Issue(
            "awaiting_medical_clearance",
            f"Answered yes to {described}: record who cleared the client to train, when, and "
            "a note on this page before drafting a program.",
        ),
        raises_risk=False,  # these answers already make the risk high
    )


def high_stakes_groups(answers: IntakeAnswers) -> tuple[GroupFinding, ...]:
    """The brief's groups whose plans a coach must own, in this order: awaiting medical
    clearance, pregnant or after birth (with symptoms or no check since), disordered eating
    (history, or a positive SCOFF), low energy availability (LEAF-Q / REDs CAT2 indicators),
    making weight for a competition."""
    findings = (
        _clearance_finding(answers),
        _postpartum_finding(answers),
        _eating_finding(answers),
        _energy_finding(answers),
        _making_weight_finding(answers),
    )
    return tuple(finding for finding in findings if finding is not None)


def apply_service_floors(
    model: ServiceModel, findings: Iterable[GroupFinding]
) -> tuple[ServiceModel, tuple[Reason, ...]]:
    """Raise the suggested service model to the most oversight any group needs (never lower
    it): each group says a coach reviews every change (human-in-loop premium)."""
    reasons = []
    for finding in findings:
        if finding.floor and _OVERSIGHT_ORDER[finding.floor] > _OVERSIGHT_ORDER[model]:
            model = finding.floor
            reasons.append(
                Reason(
                    f"service_floor_{finding.group}",
                    f"{finding.reason.text.split(':')[0]}: a coach approves every change "
                    "(human-in-loop premium) whatever the rest of the intake says.",
                )
            )
    return model, tuple(reasons)


# --- Risk -----------------------------------------------------------------------------------


def assess_risk(answers: IntakeAnswers) -> RiskAssessment:
    """Risk is the highest level any single factor gives; factors never add up.

    - Chest pain, dizziness or fainting, medically supervised activity only, or a heart condition
      on the health screen: high (medical clearance first).
    - Any other health-screen "yes" (including pregnancy/postpartum and a history of disordered
      eating): at least moderate.
    - A current injury: at least moderate.
    - Age OLDER_ADULT_AGE_YEARS or over: at least moderate.
    - A positive SCOFF, an indicator of low energy availability, or a weight to make for a
      competition: at least moderate (``high_stakes_groups``).
    - Two or more moderate factors stay moderate: moderate already puts a coach on every plan
      change, and high means "a doctor first", which only the high answers above justify. Every
      factor is still listed as a reason, so the coach sees them all.
    """
    factors: list[tuple[str, Reason]] = []
    for key in _yes(answers):
        described = HEALTH_SCREEN_TEXT.get(key, key.replace("_", " "))
        if key in HIGH_RISK_SCREEN:
            factors.append(
                (
                    HIGH,
                    Reason(
                        f"health_screen_{key}",
                        f"Answered yes to {described} on the health screen; get medical clearance before training.",
                    ),
                )
            )
        else:
            factors.append(
                (
                    MODERATE,
                    Reason(
                        f"health_screen_{key}",
                        f"Answered yes to {described} on the health screen; a coach should plan with that in mind.",
                    ),
                )
            )
    current = _current_injuries(answers)
    if current:
        areas = _join(injury.area for injury in current)
        factors.append(
            (
                MODERATE,
                Reason(
                    "current_injury",
                    f"Has a current injury ({areas}); the plan must work around it.",
                ),
            )
        )
    if answers.age_years is not None and answers.age_years >= OLDER_ADULT_AGE_YEARS:
        factors.append(
            (
                MODERATE,
                Reason(
                    "older_adult",
                    f"Is {answers.age_years} years old ({OLDER_ADULT_AGE_YEARS} or over); progress loads with more caution.",
                ),
            )
        )
    for finding in high_stakes_groups(answers):
        if finding.raises_risk:
            factors.append((MODERATE, finding.reason))
    if not factors:
        return RiskAssessment(
            LOW,
            (
                Reason(
                    "no_risk_factors",
                    "No health-screen answer, current injury or age raises the risk.",
                ),
            ),
        )
    level = max((level for level, _ in factors), key=_RISK_ORDER.__getitem__)
    return RiskAssessment(level, tuple(reason for _, reason in factors))


# --- Experience -----------------------------------------------------------------------------


def _training_age_text(years: float) -> str:
    return _plural(round(years, 1), "year")


def assess_experience(answers: IntakeAnswers) -> tuple[Experience, tuple[Reason, ...]]:
    """Experience follows training age, then is capped by what the client is coming back from.

    - Under NOVICE_BELOW_YEARS of training: novice; from ADVANCED_FROM_YEARS: advanced; between:
      intermediate.
    - A "return from injury" goal caps experience at intermediate: past training age overstates
      what the client can load now.
    - Goal notes or constraints that speak of a layoff ("time off", "haven't trained", "getting
      back into") cap it at intermediate too, for the same reason (the brief's "beginner returning
      from a long layoff").
    """
    years = max(float(answers.training_age_years or 0), 0.0)
    if years < NOVICE_BELOW_YEARS:
        level = NOVICE
        reasons = [
            Reason(
                "training_age_novice",
                f"Has trained for {_training_age_text(years)}, under {NOVICE_BELOW_YEARS:g}: a novice.",
            )
        ]
    elif years < ADVANCED_FROM_YEARS:
        level = INTERMEDIATE
        reasons = [
            Reason(
                "training_age_intermediate",
                f"Has trained for {_training_age_text(years)}: intermediate ({NOVICE_BELOW_YEARS:g} to {ADVANCED_FROM_YEARS:g} years).",
            )
        ]
    else:
        level = ADVANCED
        reasons = [
            Reason(
                "training_age_advanced",
                f"Has trained for {_training_age_text(years)}, {ADVANCED_FROM_YEARS:g} or more: advanced.",
            )
        ]
    if level == ADVANCED and "rehab_return" in answers.goals:
        level = INTERMEDIATE
        reasons.append(
            Reason(
                "rehab_caps_experience",
                "Is returning from injury, so is treated as intermediate until loads are rebuilt.",
            )
        )
    elif level == ADVANCED and LAYOFF_PATTERN.search(
        f"{answers.goal_notes}\n{answers.constraints}"
    ):
        level = INTERMEDIATE
        reasons.append(
            Reason(
                "layoff_caps_experience",
                "Mentions a break from training, so is treated as intermediate until back in routine.",
            )
        )
    return level, tuple(reasons)


# --- Autonomy -------------------------------------------------------------------------------


def assess_autonomy(
    answers: IntakeAnswers, experience: Experience
) -> tuple[Autonomy, tuple[Reason, ...]]:
    """How far the client can run their own plan with the AI, before any coach steps in.

    - Novice: low; exercise selection, recovery habits and consistency are still being built.
    - Intermediate: medium.
    - Advanced: high when training at least HIGH_AUTONOMY_MIN_SESSIONS a week with stress at or
      below LOW_STRESS_MAX (a stable routine); medium otherwise.
    - Stress at or above HIGH_STRESS_MIN, or sleep under SHORT_SLEEP_HOURS, lowers autonomy one
      step (not below low).
    - A current injury caps autonomy at medium: the plan needs a coach's eye around it.
    """
    reasons: list[Reason] = []
    if experience == NOVICE:
        level = LOW
        reasons.append(
            Reason(
                "novice_needs_oversight",
                "Is a novice: exercise selection, recovery habits and consistency are still being built.",
            )
        )
    elif experience == INTERMEDIATE:
        level = MEDIUM
        reasons.append(
            Reason(
                "intermediate_autonomy",
                "Is an intermediate: can follow a plan with regular review.",
            )
        )
    elif (
        answers.sessions_per_week >= HIGH_AUTONOMY_MIN_SESSIONS
        and answers.stress_level <= LOW_STRESS_MAX
    ):
        level = HIGH
        reasons.append(
            Reason(
                "stable_advanced_routine",
                f"Is advanced, trains {_plural(answers.sessions_per_week, 'session')} a week and rates stress {answers.stress_level} of 5: a stable routine.",
            )
        )
    else:
        level = MEDIUM
        reasons.append(
            Reason(
                "advanced_unsettled_routine",
                f"Is advanced but trains {_plural(answers.sessions_per_week, 'session')} a week with stress {answers.stress_level} of 5: not yet a settled routine.",
            )
        )
    strained = []
    if answers.stress_level >= HIGH_STRESS_MIN:
        strained.append(f"rates stress {answers.stress_level} of 5")
    if answers.sleep_hours < SHORT_SLEEP_HOURS:
        strained.append(f"sleeps {answers.sleep_hours:g} hours a night")
    if strained and level != LOW:
        level = LOW if level == MEDIUM else MEDIUM
        reasons.append(
            Reason(
                "strained_recovery_lowers_autonomy",
                f"{_join(strained).capitalize()}: recovery is strained, so a coach should look more often.",
            )
        )
    if _current_injuries(answers) and level == HIGH:
        level = MEDIUM
        reasons.append(
            Reason(
                "injury_caps_autonomy",
                "Has a current injury: the plan needs a coach's eye around it.",
            )
        )
    return level, tuple(reasons)


# --- Service model --------------------------------------------------------------------------


def suggest_service_model(
    risk: RiskLevel | RiskAssessment, experience: Experience, autonomy: Autonomy
) -> tuple[ServiceModel, Reason]:
    """The brief's service ladder, from most to least oversight needed.

    - High risk: human-in-loop premium (a coach approves every change; the brief's "clients with
      medical complexity").
    - Moderate risk: assisted hybrid (weekly coach review of what the AI drafts).
    - Low risk and novice, or low autonomy: assisted hybrid (beginners need hands-on oversight).
    - Low risk, advanced, high autonomy: AI self-guided (the brief's "mostly AI-led plan with human
      review every two to four weeks"; nightly flags still reach a coach).
    - Low risk, advanced, medium autonomy: AI-first with escalation (the AI adjusts daily, a coach
      steps in on flags, because the routine is less settled).
    - Otherwise (low risk intermediate): assisted hybrid, the brief's "sweet spot".
    Concierge is never suggested: it is a choice of budget and wish for close contact, not a need
    the answers show; owners offer it.
    """
    level = risk.level if isinstance(risk, RiskAssessment) else risk
    if level == HIGH:
        return HUMAN_IN_LOOP_PREMIUM, Reason(
            "service_high_risk",
            "High risk: a coach should approve every change (human-in-loop premium).",
        )
    if level == MODERATE:
        return ASSISTED_HYBRID, Reason(
            "service_moderate_risk",
            "Moderate risk: a coach should review the AI's work weekly (assisted hybrid).",
        )
    if experience == NOVICE or autonomy == LOW:
        return ASSISTED_HYBRID, Reason(
            "service_needs_oversight",
            "A beginner or low-autonomy client needs hands-on oversight while habits form (assisted hybrid).",
        )
    if experience == ADVANCED and autonomy == HIGH:
        return AI_SELF_GUIDED, Reason(
            "service_self_guided",
            "Low risk, advanced and autonomous: a mostly AI-led plan with a coach review every two to four weeks suits (AI self-guided).",
        )
    if experience == ADVANCED:
        return AI_FIRST_ESCALATION, Reason(
            "service_ai_first",
            "Low risk and advanced, but the routine is less settled: the AI adjusts daily and a coach steps in on flags (AI-first with escalation).",
        )
    return ASSISTED_HYBRID, Reason(
        "service_assisted",
        "Low risk with some experience: the AI drafts and a coach reviews weekly trends (assisted hybrid).",
    )


# --- Issues ---------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    text = (text or "").lower().replace("\u2019", "'")
    text = re.sub(r"\bcan'?t\b|\bcan not\b", "cannot", text)
    text = re.sub(r"\bdon'?t\b", "do not", text)
    text = re.sub(r"\bwon'?t\b", "will not", text)
    return re.sub(r"\s+", " ", text)


def _volume_vs_recovery(answers: IntakeAnswers) -> list[Issue]:
    """Many sessions asked with short sleep or high stress: recovery may not keep up."""
    if answers.sessions_per_week < HIGH_VOLUME_SESSIONS:
        return []
    strains = []
    if answers.sleep_hours < SHORT_SLEEP_HOURS:
        strains.append(f"sleeps {answers.sleep_hours:g} hours a night")
    if answers.stress_level >= HIGH_STRESS_MIN:
        strains.append(f"rates stress {answers.stress_level} of 5")
    if not strains:
        return []
    return [
        Issue(
            "volume_exceeds_recovery",
            f"Asks for {answers.sessions_per_week} sessions a week but {_join(strains)}; recovery may not keep up with that volume.",
        )
    ]


def _goal_vs_schedule(answers: IntakeAnswers) -> list[Issue]:
    """Each goal needs a least number of sessions a week and a least session length."""
    issues = []
    few = [
        (goal, GOAL_MIN_SESSIONS[goal])
        for goal in answers.goals
        if goal in GOAL_MIN_SESSIONS and answers.sessions_per_week < GOAL_MIN_SESSIONS[goal]
    ]
    if few:
        first, *rest = few
        needs = _join(
            [f"{GOAL_TEXT[first[0]]} needs at least {first[1]}"]
            + [f"{GOAL_TEXT[goal]} at least {minimum}" for goal, minimum in rest]
        )
        issues.append(
            Issue(
                "too_few_sessions_for_goal",
                f"Plans {_plural(answers.sessions_per_week, 'session')} a week, too few for the goal: {needs} a week.",
            )
        )
    short = [
        (goal, GOAL_MIN_SESSION_MINUTES[goal])
        for goal in answers.goals
        if goal in GOAL_MIN_SESSION_MINUTES
        and answers.session_minutes < GOAL_MIN_SESSION_MINUTES[goal]
    ]
    if short:
        first, *rest = short
        needs = _join(
            [f"{GOAL_TEXT[first[0]]} needs about {first[1]}"]
            + [f"{GOAL_TEXT[goal]} about {minimum}" for goal, minimum in rest]
        )
        issues.append(
            Issue(
                "sessions_too_short_for_goal",
                f"Sessions of {answers.session_minutes} minutes are short for the goal: {needs} minutes a session.",
            )
        )
    if len(answers.goals) >= MANY_GOALS and answers.sessions_per_week <= MANY_GOALS_MAX_SESSIONS:
        issues.append(
            Issue(
                "too_many_goals_for_schedule",
                f"Lists {len(answers.goals)} goals ({_goal_names(answers.goals)}) on {_plural(answers.sessions_per_week, 'session')} a week; agree on which comes first.",
            )
        )
    return issues


def _session_length(answers: IntakeAnswers) -> list[Issue]:
    if answers.session_minutes < VERY_SHORT_SESSION_MINUTES:
        return [
            Issue(
                "sessions_very_short",
                f"Sessions of {answers.session_minutes} minutes are very short; confirm the time available or plan short focused sessions.",
            )
        ]
    if answers.session_minutes > VERY_LONG_SESSION_MINUTES:
        return [
            Issue(
                "sessions_very_long",
                f"Sessions of {answers.session_minutes} minutes are very long; check whether that includes travel or other sport, since long sessions are hard to sustain.",
            )
        ]
    return []


def _equipment_vs_goal(answers: IntakeAnswers) -> list[Issue]:
    if not answers.equipment:
        return [
            Issue(
                "no_equipment_given",
                "No equipment was listed; ask whether the client trains with body weight only or has access to a gym.",
            )
        ]
    limited = [goal for goal in answers.goals if goal in EQUIPMENT_LIMITED_GOALS]
    if limited and answers.equipment <= LIGHT_EQUIPMENT:
        kit = _join(EQUIPMENT_TEXT.get(item, item) for item in sorted(answers.equipment))
        return [
            Issue(
                "equipment_limits_goal",
                f"Wants {_goal_names(limited)} but has only {kit}; loads cannot progress far without weights, so ask about a gym or dumbbells.",
            )
        ]
    return []


def _injuries(answers: IntakeAnswers) -> list[Issue]:
    issues = []
    undescribed = [
        injury.area for injury in answers.injuries if injury.current and not injury.notes.strip()
    ]
    if undescribed:
        issues.append(
            Issue(
                "injury_without_notes",
                f"The current {_join(undescribed)} {'injuries have' if len(undescribed) > 1 else 'injury has'} no notes; ask what hurts, since when, and which movements make it worse.",
            )
        )
    if "rehab_return" in answers.goals and not answers.injuries:
        issues.append(
            Issue(
                "rehab_goal_without_injury",
                "Wants to return from injury but listed no injury; ask which injury, and whether it is still current.",
            )
        )
    return issues


def _health_screen(answers: IntakeAnswers) -> list[Issue]:
    issues = []
    has_notes = bool(answers.health_notes.strip())
    yes = [key for key in _yes(answers) if key != "pregnant_or_postpartum"]
    if yes and not has_notes:
        described = _join(HEALTH_SCREEN_TEXT.get(key, key.replace("_", " ")) for key in yes)
        issues.append(
            Issue(
                "health_screen_without_details",
                f"Answered yes to {described} on the health screen but gave no details; ask for them before the first program.",
            )
        )
    details_given = bool(answers.postpartum and answers.postpartum.stage)
    if _pregnancy_yes(answers) and not has_notes and not details_given:
        issues.append(
            Issue(
                "pregnancy_without_notes",
                "Is pregnant or postpartum but gave no details; ask how far along or how long since the birth, and whether a doctor or midwife has cleared exercise.",
            )
        )
    if (answers.health_screen or {}).get("eating_disorder_history") and "fat_loss" in answers.goals:
        issues.append(
            Issue(
                "eating_disorder_with_fat_loss",
                "Reports a history of disordered eating and chose fat loss as a goal; talk this through and consider a referral to a doctor or registered dietitian before any fat-loss plan.",
            )
        )
    return issues


def _constraints_vs_goal(answers: IntakeAnswers) -> list[Issue]:
    text = _normalise(answers.constraints)
    if not text:
        return []
    issues = []
    for rule in CONSTRAINT_RULES:
        match = rule.pattern.search(text)
        goals = [goal for goal in answers.goals if goal in rule.goals]
        if match and goals:
            issues.append(
                Issue(
                    rule.code,
                    f'Constraints say "{match.group(0).strip()}", which rules out {rule.staple}, a staple of {_goal_names(goals)}; agree on substitutes or adjust the goal.',
                )
            )
    return issues


def find_issues(answers: IntakeAnswers) -> tuple[Issue, ...]:
    """Contradictions and omissions in the intake, each one sentence a coach can act on.

    Checked, in this order: no goals; volume asked vs recovery (HIGH_VOLUME_SESSIONS or more with
    sleep under SHORT_SLEEP_HOURS or stress HIGH_STRESS_MIN or more); each goal vs the schedule
    (GOAL_MIN_SESSIONS, GOAL_MIN_SESSION_MINUTES, too many goals on too few sessions); very short
    or very long sessions; equipment (none listed; strength with light equipment only); injuries
    (current without notes; a return-from-injury goal with no injury); the health screen (a yes
    without details, pregnancy without details, disordered eating with a fat-loss goal: referral
    wording); and constraints that rule out a goal's staples (CONSTRAINT_RULES, read with simple
    keyword patterns after a negation); then the high-stakes groups' own issues (awaiting
    medical clearance, after birth without a check or with symptoms, a positive SCOFF, low
    energy availability, making weight). Codes are stable snake_case strings, each used once.
    """
    issues: list[Issue] = []
    if not answers.goals:
        issues.append(
            Issue(
                "no_goals",
                "No goal was given; ask what the client wants from training before drafting a plan.",
            )
        )
    issues += _volume_vs_recovery(answers)
    issues += _goal_vs_schedule(answers)
    issues += _session_length(answers)
    issues += _equipment_vs_goal(answers)
    issues += _injuries(answers)
    issues += _health_screen(answers)
    issues += _constraints_vs_goal(answers)
    issues += [finding.issue for finding in high_stakes_groups(answers) if finding.issue]
    return tuple(issues)


# --- All together ---------------------------------------------------------------------------


def segment(answers: IntakeAnswers) -> Segmentation:
    """Risk, experience, autonomy, the suggested service model with every reason (raised to
    the floor of any high-stakes group), the issues, the groups, whether a medical clearance
    must be recorded before any program, and the referrals to suggest: a doctor's clearance
    when the risk is high, and each group's own (a postnatal check, an eating-disorder
    specialist, a sports physician and dietitian)."""
    risk = assess_risk(answers)
    experience, experience_reasons = assess_experience(answers)
    autonomy, autonomy_reasons = assess_autonomy(answers, experience)
    model, model_reason = suggest_service_model(risk.level, experience, autonomy)
    findings = high_stakes_groups(answers)
    model, floor_reasons = apply_service_floors(model, findings)
    referrals = tuple(finding.referral for finding in findings if finding.referral)
    return Segmentation(
        risk=risk.level,
        experience=experience,
        autonomy=autonomy,
        suggested_service_model=model,
        reasons=(
            *risk.reasons,
            *experience_reasons,
            *autonomy_reasons,
            model_reason,
            *floor_reasons,
        ),
        issues=find_issues(answers),
        referral_suggested=risk.level == HIGH or bool(referrals),
        referrals=referrals,
        groups=tuple(finding.group for finding in findings),
        clearance_required=clearance_required(answers),
    )
